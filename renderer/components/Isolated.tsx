// A sentence of ours that names what a server sent: the shared wording marks each server part with
// isolate() (U+2068 … U+2069); here each such part becomes a <bdi>, so its direction cannot reorder
// the sentence, and the page's text is the sentence itself, without the marks.

export function Isolated({ text }: { text: string }) {
  // isolate() shows any isolate mark inside the server's text as an escape: the marks never nest.
  const parts = text.split(/\u2068([^\u2069]*)\u2069/);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <bdi key={i}>{part}</bdi> : part))}</>;
}
