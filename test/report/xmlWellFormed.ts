/**
 * A small XML well-formedness checker for the tests (the project has no XML parser dependency):
 * one root element, every tag closed in order, attributes quoted and unique, text and attribute values
 * free of bare '<' and of '&' outside a valid entity. Returns the problems found (empty when well formed).
 */
const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*$/;
const ENTITY = /&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);/g;

function badAmpersand(text: string): boolean {
  return text.replace(ENTITY, '').includes('&');
}

export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (badAmpersand(text)) problems.push(`bare & in text near ${i}`);
    if (stack.length === 0 && text.trim()) problems.push(`text outside the root element near ${i}`);
    if (lt === -1) break;
    const skip = (open: string, close: string) => {
      if (!xml.startsWith(open, lt)) return false;
      const end = xml.indexOf(close, lt + open.length);
      if (end === -1) problems.push(`unterminated ${open} at ${lt}`);
      i = end === -1 ? xml.length : end + close.length;
      return true;
    };
    if (skip('<?', '?>') || skip('<!--', '-->') || skip('<![CDATA[', ']]>') || skip('<!DOCTYPE', '>')) continue;
    const gt = xml.indexOf('>', lt);
    if (gt === -1) {
      problems.push(`unterminated tag at ${lt}`);
      break;
    }
    const tag = xml.slice(lt + 1, gt);
    if (tag.includes('<')) problems.push(`'<' inside tag at ${lt}`);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}> at ${lt}`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = body.match(/^\S+/)?.[0] ?? '';
    if (!NAME.test(name)) problems.push(`bad tag name '${name}' at ${lt}`);
    const attributes = body.slice(name.length);
    const attributePattern = /\s+([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/y;
    const seen = new Set<string>();
    let position = 0;
    for (;;) {
      attributePattern.lastIndex = position;
      const m = attributePattern.exec(attributes);
      if (!m) break;
      if (!NAME.test(m[1])) problems.push(`bad attribute name '${m[1]}' in <${name}>`);
      if (seen.has(m[1])) problems.push(`duplicate attribute '${m[1]}' in <${name}>`);
      seen.add(m[1]);
      if (badAmpersand(m[3] ?? m[4])) problems.push(`bare & in attribute '${m[1]}' of <${name}>`);
      position = attributePattern.lastIndex;
    }
    if (attributes.slice(position).trim()) problems.push(`unparsed attributes '${attributes.slice(position).trim().slice(0, 40)}' in <${name}>`);
    if (stack.length === 0) roots++;
    if (!selfClosing) stack.push(name);
  }
  if (stack.length) problems.push(`unclosed <${stack.join('> <')}>`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
