// Hostile XML documents of any size, in the shapes that made the parser we had before quadratic:
// as a server would send them (one tag or one root carrying everything, which parseXml refuses
// once past its bounds) and at those bounds (as much as it accepts, repeated until the size is
// reached), plus deep nesting, very long names and many responses. bench/xml-scaling.ts times
// them; test/integration/hostile-xml.test.ts sends them from a server.

/** Repeats `unit(i)` between head and tail until the document is `size` characters long. */
function fill(head: string, unit: (i: number) => string, tail: string, size: number): string {
  const parts: string[] = [head];
  let length = head.length + tail.length;
  for (let i = 0; length < size; i++) {
    const u = unit(i);
    parts.push(u);
    length += u.length;
  }
  parts.push(tail);
  return parts.join('');
}

const range = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join('');
const ROOT_BINDINGS = range(1000, (i) => ` xmlns:p${i}="urn:ns:${i}"`);

/** As many root declarations as fill half of `size`. */
function halfOfBindings(size: number): string {
  return fill('', (i) => ` xmlns:p${i}="urn:ns:${i}"`, '', size / 2);
}

/** Each shape as a function of the document's size in characters. */
export const SHAPES: Record<string, (size: number) => string> = {
  'prefixed attributes, one tag, as sent': (size) => fill('<r xmlns:p="urn:p"', (i) => ` p:a${i}=""`, '/>', size),
  'prefixed attributes, 1,000 a tag': (size) =>
    fill(`<r${range(10, (k) => ` xmlns:p${k}="urn:${k}"`)}>`, () => `<e${range(1000, (i) => ` p${i % 10}:a${i}=""`)}/>`, '</r>', size),
  'xmlns declarations, one tag, as sent': (size) => fill('<r', (i) => ` xmlns:p${i}="urn:${i}"`, '/>', size),
  'xmlns declarations, 1,000 a tag': (size) => fill('<r>', () => `<e${ROOT_BINDINGS}/>`, '</r>', size),
  'root bindings × declaring children, as sent': (size) =>
    fill(`<r${halfOfBindings(size)}>`, (i) => `<c xmlns:q="urn:q${i}"><q:d/></c>`, '</r>', size),
  'root bindings × declaring children, 1,000': (size) =>
    fill(`<r${ROOT_BINDINGS}>`, (i) => `<c xmlns:q="urn:q${i}"><q:d/></c>`, '</r>', size),
  'root bindings × distinct names, as sent': (size) => {
    const bindings = halfOfBindings(size);
    const count = (bindings.match(/xmlns:/g) ?? []).length;
    return fill(`<r${bindings}>`, (i) => `<p${i % count}:n${i}/>`, '</r>', size);
  },
  'root bindings × distinct names, 1,000': (size) => fill(`<r${ROOT_BINDINGS}>`, (i) => `<p${i % 1000}:n${i}/>`, '</r>', size),
  'deep nesting, as sent': (size) => {
    const n = Math.floor(size / 7);
    return '<a>'.repeat(n) + '</a>'.repeat(n);
  },
  'nesting 64 deep, repeated': (size) => fill('<r>', () => '<a>'.repeat(63) + '</a>'.repeat(63), '</r>', size),
  'one very long name': (size) => {
    const name = 'n'.repeat(Math.floor(size / 2) - 3);
    return `<${name}></${name}>`;
  },
  'many responses (10^5 at 8 MB)': (size) =>
    fill(
      '<D:multistatus xmlns:D="DAV:">',
      (i) => `<D:response><D:href>/c/${String(i).padStart(6, '0')}/</D:href><D:status>200</D:status></D:response>`,
      '</D:multistatus>',
      size,
    ),
};
