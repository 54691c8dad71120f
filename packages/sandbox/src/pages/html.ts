/**
 * Server-rendered HTML without a build step: an escaping tagged template, the page layout and the security
 * headers every page carries (`X-Frame-Options: DENY`, a strict CSP with `form-action`, no caching).
 *
 * @module
 */
import { escapeHtml } from '../x-format-v1.js';

/**
 * Markup that is already safe (not escaped again).
 *
 * @example
 * ```ts
 * h`<p>${new SafeHtml('<b>trusted</b>')}</p>`;
 * ```
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Slot = string | number | bigint | boolean | null | undefined | SafeHtml | Slot[];

function render(value: Slot): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template that escapes every interpolated value (arrays are joined, {@link SafeHtml} passes through).
 *
 * @example
 * ```ts
 * h`<p>${userInput}</p>`; // SafeHtml with userInput escaped
 * ```
 */
export function h(strings: TemplateStringsArray, ...values: Slot[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i] as Slot) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

const STYLE = `body{font:15px/1.4 system-ui,sans-serif;max-width:760px;margin:2em auto;padding:0 1em;color:#0f1419}
h1{font-size:1.4em}table{border-collapse:collapse;width:100%;font-size:.9em}td,th{border-bottom:1px solid #ddd;padding:4px;text-align:left;vertical-align:top}
code,pre{font:13px ui-monospace,monospace;background:#f4f4f4;padding:2px 4px;overflow-wrap:anywhere;white-space:pre-wrap}
.card{border:1px solid #cfd9de;border-radius:12px;padding:1em 1.5em;margin:1em 0}button{font-size:1em;padding:.5em 1.2em;border-radius:99px;border:1px solid #0f1419;cursor:pointer}
button.primary{background:#0f1419;color:#fff}label{display:block;margin:.5em 0}input{font-size:1em;padding:.3em;width:100%;box-sizing:border-box}
#pin{font-size:2em;letter-spacing:.2em}.muted{color:#536471}.error{color:#b00020}`;

/**
 * A complete HTML page response with the sandbox's security headers. `formAction` lists the CSP `form-action`
 * sources (see `formActionSources` in `csrf.ts`); a page without forms keeps the default `'none'`.
 *
 * @example
 * ```ts
 * return page('Authorize', h`<p>Hello</p>`);
 * return page('Authorize', form, 200, {}, ["'self'", 'https://app.example']);
 * ```
 */
export function page(
  title: string,
  body: SafeHtml,
  status = 200,
  headers: Record<string, string> = {},
  formAction: readonly string[] = [],
): Response {
  const html = h`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · oauth1x sandbox</title><style>${new SafeHtml(STYLE)}</style></head><body>${body}</body></html>`;
  return new Response(html.value, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'x-frame-options': 'DENY',
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action ${formAction.length > 0 ? formAction.join(' ') : "'none'"}; frame-ancestors 'none'; base-uri 'none'`,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      ...headers,
    },
  });
}
