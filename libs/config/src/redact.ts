import type { Config } from './config';

const REDACTED = '[REDACTED]';
const SECRET_NAME = /secret|password|passwd|api_?key|key_?id|token|authorization|credential/i;
// scheme://user:password@host → scheme://user:***@host
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@"']*:)[^@/\s"']+@/gi;

/** Hides the password part of every URL in a text. */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1***@');
}

/**
 * A deep copy with every secret-looking field replaced and URL passwords hidden in every string.
 * Used for anything printed: logs, `config` output, error reports.
 */
export function redactSecrets<T>(value: T): T {
  return redact(value, 0) as T;
}

function redact(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactUrlCredentials(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) {
    // A broker's request id cannot be looked up later, and the cause says what the error translates: both are kept.
    const requestId: unknown = (value as { requestId?: unknown }).requestId;
    return {
      type: value.name,
      message: redactUrlCredentials(value.message),
      ...(typeof requestId === 'string' ? { requestId } : {}),
      stack: value.stack && redactUrlCredentials(value.stack),
      ...(value.cause !== undefined ? { cause: redact(value.cause, depth + 1) } : {}),
    };
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SECRET_NAME.test(key) && item !== undefined && item !== '' ? REDACTED : redact(item, depth + 1)]),
  );
}

/** The literal secret values of a configuration, so a logger can mask them wherever they appear. */
export function secretsOf(config: Config): string[] {
  const secrets: string[] = [];
  if (config.broker.kind === 'alpaca') secrets.push(config.broker.keyId, config.broker.secretKey);
  for (const url of [config.database.kind === 'url' ? config.database.url : undefined, config.mongodbUrl]) {
    if (!url) continue;
    const password = new URL(url).password;
    if (password) secrets.push(password, decodeURIComponent(password));
  }
  if (config.nocodb) secrets.push(config.nocodb.apiToken);
  // A Slack or Discord webhook URL carries its token in the path: the whole URL is the secret.
  if (config.alerts.webhookUrl) secrets.push(config.alerts.webhookUrl);
  return [...new Set(secrets.filter((s) => s.length >= 4))];
}

/** Replaces every literal occurrence of the given secrets in a text. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) masked = masked.split(secret).join(REDACTED);
  return masked;
}
