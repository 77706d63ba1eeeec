/**
 * Text patterns as scenarios write them: a plain substring, or a regular expression written
 * `/.../flags`. Throws (with the RegExp's own message) when the expression is invalid.
 *
 * @example textMatcher('/probe failed: .*404/')('Liveness probe failed: HTTP ... 404') // true
 */
export function textMatcher(pattern: string | undefined): (text: string) => boolean {
  if (pattern === undefined) return () => true;
  const regex = /^\/(.*)\/([dgimsuy]*)$/s.exec(pattern);
  if (regex) {
    // g and y make test() stateful (lastIndex), which would skip every other match.
    const expression = new RegExp(regex[1]!, regex[2]!.replace(/[gy]/g, ''));
    return (text) => expression.test(text);
  }
  return (text) => text.includes(pattern);
}
