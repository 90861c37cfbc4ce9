/**
 * Downloads of an experiment's results (Dynamo §6 studies): CSV and JSON as text, the charts as one
 * SVG stacked top to bottom, and PNG by drawing that SVG onto a canvas at twice the pixel density.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The click starts the download synchronously; the URL can go once the event loop turns.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function downloadText(text: string, fileName: string, type: string): void {
  downloadBlob(new Blob([text], { type }), fileName);
}

/**
 * The charts in `container` as one standalone SVG document on a white background, text in the
 * light theme's colour (the page's `currentColor` would not survive outside it).
 */
export function chartsSvg(
  container: HTMLElement,
  textColour = '#1b1f24',
): { svg: string; width: number; height: number } {
  const charts = [
    ...container.querySelectorAll<SVGSVGElement>('[data-testid="experiment-chart"] svg'),
  ];
  const width = Math.max(1, ...charts.map((c) => c.width.baseVal.value));
  const gap = 12;
  const height = charts.reduce((h, c) => h + c.height.baseVal.value + gap, gap);
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.setAttribute('style', `color: ${textColour}`);
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  root.append(background);
  let y = gap;
  for (const chart of charts) {
    const copy = chart.cloneNode(true) as SVGSVGElement;
    copy.setAttribute('x', '0');
    copy.setAttribute('y', String(y));
    copy.setAttribute('style', `color: ${textColour}`);
    root.append(copy);
    y += chart.height.baseVal.value + gap;
  }
  return { svg: new XMLSerializer().serializeToString(root), width, height };
}

/** Rasterises an SVG document to PNG bytes. */
export async function svgToPng(
  svg: string,
  width: number,
  height: number,
  scale = 2,
): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    const loaded = new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the chart SVG could not be drawn as an image'));
    });
    image.src = url;
    await loaded;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas to draw the PNG on');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('the canvas gave no PNG'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
