/**
 * Text made safe for HTML and SVG, in element content and in double-quoted attributes alike:
 * event messages, pod names and failure reasons come from the cluster and may hold `<`, `&` or quotes.
 *
 * @example
 * escapeHtml('probe failed: <html> & "quotes"') // 'probe failed: &lt;html&gt; &amp; &quot;quotes&quot;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character]!);
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
