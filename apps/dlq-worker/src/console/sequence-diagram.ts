/**
 * Draws the `sequenceDiagram` subset that `renderTimelineMermaid` writes as a standalone SVG, on
 * the server: the console needs no diagram library, and the mermaid text stays the one source
 * (operators can paste it into any mermaid viewer). Lines it does not know are skipped.
 */
export function renderSequenceSvg(mermaid: string): string {
  const participants: { id: string; label: string }[] = [];
  const rows: Row[] = [];
  for (const raw of mermaid.split('\n').slice(1)) {
    const line = raw.trim();
    const p = PARTICIPANT.exec(line);
    if (p) {
      participants.push({ id: p[1]!, label: p[2]! });
      continue;
    }
    const m = MESSAGE.exec(line);
    if (m) {
      rows.push({ kind: 'message', from: m[1]!, arrow: m[2]!, to: m[3]!, text: m[4]! });
      continue;
    }
    const n = NOTE.exec(line);
    if (n) rows.push({ kind: 'note', over: n[1]!, text: n[2]! });
  }
  const column = new Map(participants.map((p, i) => [p.id, MARGIN + COLUMN / 2 + i * COLUMN]));
  const width = Math.max(participants.length, 1) * COLUMN + 2 * MARGIN;
  const height = HEADER + rows.length * ROW + 2 * MARGIN;
  const parts: string[] = [];
  participants.forEach((p) => {
    const x = column.get(p.id)!;
    parts.push(
      `<g class="participant" data-id="${esc(p.id)}"><rect x="${x - BOX / 2}" y="${MARGIN}" width="${BOX}" height="32" rx="4" fill="#eef2ff" stroke="#4f46e5"/>` +
        `<text x="${x}" y="${MARGIN + 21}" text-anchor="middle" font-weight="600">${esc(p.label)}</text>` +
        `<line x1="${x}" y1="${MARGIN + 32}" x2="${x}" y2="${height - MARGIN}" stroke="#9ca3af" stroke-dasharray="4 4"/></g>`,
    );
  });
  rows.forEach((row, i) => {
    const y = MARGIN + HEADER + i * ROW + ROW / 2;
    if (row.kind === 'note') {
      const x = column.get(row.over) ?? MARGIN + COLUMN / 2;
      parts.push(
        `<g class="note"><rect x="${x - BOX / 2}" y="${y - 14}" width="${BOX}" height="26" fill="#fef9c3" stroke="#ca8a04"/>` +
          `<text x="${x}" y="${y + 4}" text-anchor="middle">${label(row.text, 34)}</text></g>`,
      );
      return;
    }
    const x1 = column.get(row.from) ?? MARGIN;
    const x2 = column.get(row.to) ?? MARGIN;
    const dashed = row.arrow.startsWith('--') ? ' stroke-dasharray="6 4"' : '';
    const marker = row.arrow.endsWith('x') ? 'cross' : row.arrow.endsWith(')') ? 'open' : 'arrow';
    const stroke = marker === 'cross' ? '#dc2626' : '#111827';
    const path =
      x1 === x2
        ? `M ${x1} ${y - 6} h 40 v 14 h -36`
        : `M ${x1} ${y + 6} L ${x2 + (x2 > x1 ? -2 : 2)} ${y + 6}`;
    const textX = x1 === x2 ? x1 + 46 : (x1 + x2) / 2;
    const anchor = x1 === x2 ? 'start' : 'middle';
    parts.push(
      `<g class="message"><path d="${path}" fill="none" stroke="${stroke}"${dashed} marker-end="url(#${marker})"/>` +
        `<text x="${textX}" y="${y - 2}" text-anchor="${anchor}">${label(row.text, x1 === x2 ? 30 : 44)}</text></g>`,
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="sequence-diagram" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12" role="img" aria-label="sequence diagram">`,
    '<defs>',
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#111827"/></marker>',
    '<marker id="open" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10" fill="none" stroke="#111827"/></marker>',
    '<marker id="cross" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="10" markerHeight="10" orient="auto"><path d="M1,1 L9,9 M9,1 L1,9" stroke="#dc2626" stroke-width="2"/></marker>',
    '</defs>',
    ...parts,
    '</svg>',
  ].join('');
}

type Row =
  | { kind: 'message'; from: string; arrow: string; to: string; text: string }
  | { kind: 'note'; over: string; text: string };

const PARTICIPANT = /^participant (\w+) as (.+)$/;
const MESSAGE = /^(\w+)(-->>|->>|--x|-x|--\)|-\))(\w+): ?(.*)$/;
const NOTE = /^Note over (\w+): ?(.*)$/;
const MARGIN = 10;
const COLUMN = 230;
const BOX = 200;
const HEADER = 44;
const ROW = 40;

/** Text cut to fit, with the whole text as a tooltip. */
function label(text: string, max: number): string {
  if (text.length <= max) return esc(text);
  return `${esc(`${text.slice(0, max - 1)}…`)}<title>${esc(text)}</title>`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
