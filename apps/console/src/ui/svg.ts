const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element; attribute values are set as given (numbers rounded to keep the markup small). */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | undefined> = {},
  ...children: (SVGElement | string)[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    element.setAttribute(name, typeof value === 'number' ? String(round(value)) : value);
  }
  for (const child of children)
    element.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  return element;
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A linear scale from a domain onto a range; a flat domain maps to the range's middle. */
export function linearScale(domain: [number, number], range: [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/** Round tick times (whole minutes, hours or days) between two instants, about `count` of them. */
export function timeTicks(from: number, to: number, count: number): number[] {
  const minute = 60_000;
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map(
    (minutes) => minutes * minute,
  );
  const step = steps.find((candidate) => (to - from) / candidate <= count) ?? steps[steps.length - 1];
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** Keeps a tick label inside the chart: labels near either edge grow inwards. */
export function tickAnchor(position: number, left: number, right: number): 'start' | 'middle' | 'end' {
  if (position - left < 30) return 'start';
  if (right - position < 30) return 'end';
  return 'middle';
}
