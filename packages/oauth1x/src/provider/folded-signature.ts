/**
 * `compat.sameValueInHeaderAndBody`: a parameter sent in the Authorization header and again, with the same
 * value, in the query or body is taken once. Clients sign it once (oauth-1.0a: each name once) or, following
 * RFC 5849 §3.4.1.3.1 to the letter, once per occurrence (oauthlib's parameter collection): a signature that
 * does not match the first base string is checked against the second before the request is refused.
 *
 * @module
 */

type Checked = boolean | Promise<boolean | null>;

/**
 * `checked` (the outcome over the each-name-once base string), or, when that is `false`, the outcome of
 * `check(literal)`; `onLiteral` runs when the literal base string is the one that verified.
 *
 * @example
 * ```ts
 * const outcome = orLiteralBaseString(checked, literal, (base) => checkSignature(method, base, signature, secrets), () => {
 *   state.baseString = literal;
 * });
 * ```
 */
export function orLiteralBaseString(
  checked: Checked,
  literal: string,
  check: (baseString: string) => Checked,
  onLiteral: () => void,
): Checked {
  const keep = (ok: boolean | null): boolean | null => {
    if (ok === true) onLiteral();
    return ok;
  };
  if (typeof checked !== 'boolean') return checked.then((valid) => (valid === false ? Promise.resolve(check(literal)).then(keep) : valid));
  if (checked) return true;
  const second = check(literal);
  if (typeof second !== 'boolean') return second.then(keep);
  if (second) onLiteral();
  return second;
}
