/**
 * Sizes a canvas for the screen it is on: a backing store of CSS size × device pixel ratio, drawn
 * in CSS pixels through the context's transform, so lines stay sharp on high-density displays.
 */
export function fitCanvasToDevice(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): { ctx: CanvasRenderingContext2D; ratio: number } | null {
  const ratio = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  return ctx === null ? null : { ctx, ratio };
}
