import type { Command } from 'commander';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// The commands the documentation shows, read back out of it, and checked against what exists: the
// CLI's commands and options (from the commander program itself), the Nx projects and targets, the
// npm scripts. A reader who copies a command from the docs must never meet "unknown command".

/** What the CLI accepts: each command with its options (long and short names) and whether they take a value. */
export interface CliSurface {
  commands: ReadonlyMap<string, ReadonlyMap<string, { takesValue: boolean }>>;
}

/** What the workspace can run: Nx targets per project, and npm scripts. */
export interface WorkspaceSurface {
  targets: ReadonlyMap<string, ReadonlySet<string>>;
  scripts: ReadonlySet<string>;
}

/** One command found in a document. */
export interface Mention {
  file: string;
  line: number;
  /** The text from the command's prefix to the end of the command. */
  text: string;
  kind: 'cli' | 'nx' | 'npm';
  /** CLI: the command (`help <topic>` for help), or undefined for the program alone or a placeholder such as `<command>`. */
  command?: string;
  /** CLI: the options given, by name (`--reason`, not its value). */
  options?: string[];
  /** CLI: words after the command that are neither an option, an option's value, nor a placeholder. */
  stray?: string[];
}

export interface DocProblem {
  file: string;
  line: number;
  text: string;
  problem: string;
}

/** Options every command (and the program) takes, though commander does not list them. */
const HELP_OPTIONS = ['--help', '-h'];

export function cliSurfaceOf(program: Command): CliSurface {
  const commands = new Map<string, Map<string, { takesValue: boolean }>>();
  for (const command of program.commands) {
    const options = new Map<string, { takesValue: boolean }>();
    for (const option of command.options) {
      const takesValue = option.required || option.optional;
      if (option.long) options.set(option.long, { takesValue });
      if (option.short) options.set(option.short, { takesValue });
    }
    for (const name of [command.name(), ...command.aliases()]) commands.set(name, options);
  }
  return { commands };
}

/**
 * Projects are the folders holding a project.json; their targets are the ones declared there plus
 * the ones nx.json's plugins infer: `test` where a jest.config.* sits, `lint` where an eslint.config.* sits.
 */
export function readWorkspaceSurface(root: string): WorkspaceSurface {
  const nxJson = JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8')) as { plugins?: Array<string | { plugin: string; options?: { targetName?: string } }> };
  const inferred: Array<{ target: string; configs: RegExp }> = [];
  for (const entry of nxJson.plugins ?? []) {
    const plugin = typeof entry === 'string' ? entry : entry.plugin;
    const targetName = typeof entry === 'string' ? undefined : entry.options?.targetName;
    if (plugin === '@nx/jest/plugin') inferred.push({ target: targetName ?? 'test', configs: /^jest\.config\.(c|m)?(j|t)s$/ });
    if (plugin === '@nx/eslint/plugin') inferred.push({ target: targetName ?? 'lint', configs: /^eslint\.config\.(c|m)?js$/ });
  }
  const targets = new Map<string, Set<string>>();
  for (const projectFile of findFiles(root, (name) => name === 'project.json', ['apps', 'libs', 'tools'])) {
    const project = JSON.parse(readFileSync(projectFile, 'utf8')) as { name: string; targets?: Record<string, unknown> };
    const folder = projectFile.slice(0, -'/project.json'.length);
    const names = new Set(Object.keys(project.targets ?? {}));
    const files = readdirSync(folder);
    for (const { target, configs } of inferred) if (files.some((file) => configs.test(file))) names.add(target);
    targets.set(project.name, names);
  }
  const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  return { targets, scripts: new Set(Object.keys(packageJson.scripts ?? {})) };
}

/** The documents a reader follows: README.md, docs/**\/*.md, apps/cli/README.md and the files in deployment/. */
export function documentationFiles(root: string): string[] {
  const files = [join(root, 'README.md'), join(root, 'apps', 'cli', 'README.md')].filter((file) => existsSync(file));
  files.push(...findFiles(root, (name) => name.endsWith('.md'), ['docs']));
  files.push(...findFiles(root, () => true, ['deployment']));
  return files.sort();
}

// How a CLI invocation starts: through Nx (arguments after `--`), the built program, the source
// through tsx, or the production wrapper deployment/trading-monitor (`sudo -u trading-monitor trading-monitor …`).
const CLI_PREFIX = new RegExp(
  [
    /nx run cli:exec --(?=\s|$)/.source,
    /(?:^|[\s"'`=(/])(?:[\w.-]+\/)*dist\/apps\/cli\/main\.js(?=\s|$|["'`<)])/.source,
    /(?:^|[\s"'`=(/])(?:[\w.-]+\/)*apps\/cli\/src\/main\.ts(?=\s|$|["'`<)])/.source,
    /(?:sudo -u trading-monitor (?:env (?:\w+=\S+ )+)?|\/usr\/local\/bin\/)trading-monitor(?=\s|$)/.source,
  ].join('|'),
  'g',
);
const NX_RUN = /\bnx run ([\w.-]+):([\w.-]+)(?::[\w.-]+)?/g;
const NX_MANY = /\bnx (?:run-many|affected)\b([^`|\n]*)/g;
const NPM_SCRIPT = /\bnpm (?:run(?:-script)? ([\w:.-]+)|(test|start|stop|restart)\b)/g;
/** Where a command on a line ends: shell operators, a comment, the end of an inline code span or table cell. */
const COMMAND_END = /\s(?:[|&;>#]|\d>|<(?![\w-]+>))|[`|;)]/;

function untilCommandEnd(text: string): string {
  const end = text.search(COMMAND_END);
  return end === -1 ? text : text.slice(0, end);
}

/**
 * Every command the text shows, with its line number. Only code counts: in Markdown, fenced blocks
 * (but not ```text blocks) and inline code spans (prose may name a path without running it); in
 * other files, every line. Shell comments are skipped.
 */
export function findMentions(file: string, text: string, cli: CliSurface): Mention[] {
  const mentions: Mention[] = [];
  for (const { line, code, inline } of codeOf(file, text)) {
    const content = withoutComment(code);
    let prefixed = false;
    for (const match of content.matchAll(CLI_PREFIX)) {
      prefixed = true;
      const args = untilCommandEnd(content.slice(match.index + match[0].length));
      mentions.push({ file, line, kind: 'cli', text: `${match[0].trim()}${args.trimEnd()}`, ...parseInvocation(tokenize(args), cli) });
    }
    // `reconcile --fix` in an inline code span: a command named without its prefix. Only when options
    // follow: `status` alone may be the column, `status = 'x'` is SQL.
    const tokens = tokenize(content);
    if (inline && !prefixed && tokens.length >= 2 && cli.commands.has(tokens[0]) && /^\[?-/.test(tokens[1])) {
      mentions.push({ file, line, kind: 'cli', text: content, ...parseInvocation(tokens, cli) });
    }
    for (const match of content.matchAll(NX_RUN)) mentions.push({ file, line, kind: 'nx', text: match[0] });
    for (const match of content.matchAll(NX_MANY)) mentions.push({ file, line, kind: 'nx', text: untilCommandEnd(match[0]).trim() });
    for (const match of content.matchAll(NPM_SCRIPT)) mentions.push({ file, line, kind: 'npm', text: match[0] });
  }
  return mentions;
}

/** The pieces of code in a file, each with the line it starts on and whether it is an inline span. */
function codeOf(file: string, text: string): Array<{ line: number; code: string; inline: boolean }> {
  const lines = logicalLines(file.endsWith('.plist') ? flattenPlistArrays(text) : text);
  if (!file.endsWith('.md')) return lines.map(({ line, content }) => ({ line, code: content, inline: false }));
  const pieces: Array<{ line: number; code: string; inline: boolean }> = [];
  let fence: { marker: string; checked: boolean } | undefined;
  for (const { line, content } of lines) {
    const opening = /^\s*(`{3,}|~{3,})\s*(\S*)/.exec(content);
    if (opening && (fence === undefined || opening[1].startsWith(fence.marker))) {
      // A ```text block quotes output that may show a wrong command on purpose (a checker failure, say).
      fence = fence === undefined ? { marker: opening[1], checked: opening[2] !== 'text' } : undefined;
      continue;
    }
    if (fence !== undefined) {
      if (fence.checked) pieces.push({ line, code: content, inline: false });
    } else for (const span of content.matchAll(/`([^`\n]+)`/g)) pieces.push({ line, code: span[1], inline: true });
  }
  return pieces;
}

/** A line without its shell comment (`# …` at the start, or after a space). */
function withoutComment(code: string): string {
  const at = code.search(/(^|\s)#(\s|$)/);
  return at === -1 ? code : code.slice(0, at);
}

/** What is wrong with each mention: a command, option, project, target or script that does not exist. */
export function checkMentions(mentions: readonly Mention[], cli: CliSurface, workspace: WorkspaceSurface): DocProblem[] {
  const problems: DocProblem[] = [];
  const report = (mention: Mention, problem: string) => problems.push({ file: mention.file, line: mention.line, text: mention.text, problem });
  for (const mention of mentions) {
    if (mention.kind === 'cli') for (const problem of cliProblems(mention, cli)) report(mention, problem);
    if (mention.kind === 'npm') {
      const script = /^npm (?:run(?:-script)? )?([\w:.-]+)/.exec(mention.text)?.[1] ?? '';
      if (!workspace.scripts.has(script)) report(mention, `package.json has no script "${script}"`);
    }
    if (mention.kind === 'nx') for (const problem of nxProblems(mention.text, workspace)) report(mention, problem);
  }
  return problems;
}

function cliProblems(mention: Mention, cli: CliSurface): string[] {
  const { command, options = [], stray = [] } = mention;
  if (command === undefined) return options.filter((option) => !HELP_OPTIONS.includes(option)).map((option) => `the program has no option ${option}`);
  if (command.startsWith('help ')) {
    const topic = command.slice('help '.length);
    return cli.commands.has(topic) ? [] : [`help names "${topic}", which is not a command`];
  }
  const known = cli.commands.get(command);
  if (!known) return [`"${command}" is not a command of the CLI (commands: ${[...cli.commands.keys()].join(', ')})`];
  return [
    ...options.filter((option) => !known.has(option) && !HELP_OPTIONS.includes(option)).map((option) => `${command} has no option ${option}`),
    ...stray.map((word) => `${command} takes no argument "${word}"`),
  ];
}

function nxProblems(text: string, workspace: WorkspaceSurface): string[] {
  const run = /^nx run ([\w.-]+):([\w.-]+)/.exec(text);
  if (run) {
    const [, project, target] = run;
    const targets = workspace.targets.get(project);
    if (!targets) return [`there is no Nx project "${project}" (projects: ${[...workspace.targets.keys()].sort().join(', ')})`];
    return targets.has(target) ? [] : [`project ${project} has no target "${target}" (targets: ${[...targets].sort().join(', ')})`];
  }
  const all = new Set([...workspace.targets.values()].flatMap((targets) => [...targets]));
  const problems: string[] = [];
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    const inline = /^--targets?=(.+)$/.exec(tokens[i]);
    const named = inline ? inline[1].split(',') : [];
    if (tokens[i] === '-t' || tokens[i] === '--target' || tokens[i] === '--targets') {
      for (i++; i < tokens.length && !tokens[i].startsWith('-'); i++) named.push(...tokens[i].split(','));
      i--;
    }
    for (const target of named.filter(Boolean)) if (!all.has(target)) problems.push(`no Nx project has a target "${target}"`);
  }
  return problems;
}

/** The command, options and stray words of a CLI invocation's arguments. */
function parseInvocation(words: string[], cli: CliSurface): Pick<Mention, 'command' | 'options' | 'stray'> {
  const tokens = ungroup(words);
  const options: string[] = [];
  let i = 0;
  for (; i < tokens.length && tokens[i].startsWith('-'); i++) options.push(optionName(tokens[i])); // the program's own: --help
  if (i === tokens.length || isPlaceholder(tokens[i])) return { command: undefined, options };
  const command = tokens[i];
  if (command === 'help') {
    const topic = tokens.slice(i + 1).find((word) => !word.startsWith('-'));
    return topic === undefined || isPlaceholder(topic) ? { command: undefined, options } : { command: `help ${topic}`, options };
  }
  const known = cli.commands.get(command);
  const stray: string[] = [];
  for (i++; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.startsWith('-') && token !== '-') {
      options.push(optionName(token));
      if (!token.includes('=') && known?.get(token)?.takesValue) i++; // its value
    } else if (!isPlaceholder(token)) stray.push(token);
  }
  return { command, options, stray };
}

function optionName(token: string): string {
  return token.split('=')[0];
}

/** `[--reason T]` is an optional `--reason T`; `[options]` stays a placeholder. */
function ungroup(tokens: string[]): string[] {
  const result: string[] = [];
  let open = false;
  for (let token of tokens) {
    if (/^\[-/.test(token)) {
      token = token.slice(1);
      open = true;
    }
    if (open && token.endsWith(']')) {
      token = token.slice(0, -1);
      open = false;
    }
    result.push(token);
  }
  return result;
}

function isPlaceholder(word: string): boolean {
  return /^(<.*>|\[.*\]|\.\.\.|…|\$\{?\w+\}?|\$@)$/.test(word);
}

/** Shell-like words: quotes group, and are removed. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) tokens.push(match[1] ?? match[2] ?? match[3]);
  return tokens;
}

/** Lines, with backslash continuations joined, numbered by where they start. */
function logicalLines(text: string): Array<{ line: number; content: string }> {
  const result: Array<{ line: number; content: string }> = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    let content = lines[i];
    while (content.endsWith('\\') && i + 1 < lines.length) content = `${content.slice(0, -1)} ${lines[++i].trim()}`;
    result.push({ line, content });
  }
  return result;
}

/** A launchd plist spells a command line as <array><string>…</string>…</array>: one line of words, on the array's first line. */
function flattenPlistArrays(text: string): string {
  return text.replace(/<array>([\s\S]*?)<\/array>/g, (_, body: string) => {
    const words = [...body.matchAll(/<string>([^<]*)<\/string>/g)].map((match) => match[1]);
    return `<array>${words.join(' ')}${'\n'.repeat(body.split('\n').length - 1)}</array>`;
  });
}

function findFiles(root: string, wanted: (name: string) => boolean, folders: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (wanted(entry.name)) found.push(path);
    }
  };
  for (const folder of folders) if (existsSync(join(root, folder))) walk(join(root, folder));
  return found;
}

/** A problem as one line an author can act on: `docs/operations.md:42  reconcile --fixx: reconcile has no option --fixx`. */
export function describeProblem(root: string, problem: DocProblem): string {
  return `${relative(root, problem.file)}:${problem.line}  ${problem.text}: ${problem.problem}`;
}
