import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { renderHtmlReport, type HtmlReportOptions } from './html-report';
import type { TradingReport } from './trading-report';

/** The HTML report could not be written where it was asked for. The message says where and why. */
export class ReportFileError extends Error {
  override readonly name = 'ReportFileError';
}

/**
 * Writes the report as one self-contained HTML page and answers its absolute path. The folder is
 * created when missing; the page appears whole or not at all (written beside it, then renamed), so
 * a browser refreshing it never shows half a report.
 */
export async function writeHtmlReport(report: TradingReport, file: string, options: HtmlReportOptions = {}): Promise<string> {
  const path = resolve(file);
  const partial = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(partial, renderHtmlReport(report, options), { encoding: 'utf8', mode: 0o644 });
    await rename(partial, path);
    return path;
  } catch (error) {
    await rm(partial, { force: true }).catch(() => undefined);
    const code = (error as { code?: string }).code;
    const reason = (code && REASONS[code]) ?? code ?? String((error as Error).message ?? error);
    throw new ReportFileError(`Could not write the HTML report to ${path}: ${reason}. Choose a file in a folder you can write to.`);
  }
}

/** What node's file errors mean for the person who typed the path. mkdir answers EEXIST when a part of it is a file. */
const REASONS: Record<string, string> = {
  EEXIST: 'a part of that path is a file, not a folder',
  ENOTDIR: 'a part of that path is a file, not a folder',
  EISDIR: 'that is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
};
