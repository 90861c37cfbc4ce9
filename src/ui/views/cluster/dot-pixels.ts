/**
 * Square message dots written straight into the canvas's pixels, for the cluster view's busiest
 * runs (thousands of messages in flight): without a GPU every canvas draw call is recorded and
 * rasterised on the page's main thread, and two thousand `fillRect`s a frame cost more there than
 * filling the same 50,000 pixels of an `ImageData` and putting it once.
 *
 * Coordinates are device pixels. Putting the image replaces every pixel of the canvas, so the dots
 * go first and anything drawn with the context (drop marks, the selection ring) goes on top.
 */

/** `#rrggbb` as one pixel word of an `ImageData` on this platform (opaque). */
export function pixelOf(hex: string, littleEndian = LITTLE_ENDIAN): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (m === null) throw new Error(`pixelOf: a colour must be #rrggbb, got ${JSON.stringify(hex)}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h as string, 16)) as [number, number, number];
  // ImageData holds R, G, B, A bytes in that order; a Uint32Array reads them in the platform's order.
  return (littleEndian ? ((255 << 24) | (b << 16) | (g << 8) | r) : ((r << 24) | (g << 16) | (b << 8) | 255)) >>> 0;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export class DotPixels {
  private image: ImageData | undefined;
  private words = new Uint32Array(0);
  private width = 0;
  private height = 0;
  private readonly colours = new Map<string, number>();

  /** Starts a frame the size of `ctx`'s canvas, every pixel transparent. */
  begin(ctx: CanvasRenderingContext2D): void {
    const { width, height } = ctx.canvas;
    if (this.image === undefined || this.width !== width || this.height !== height) {
      this.image = ctx.createImageData(width, height);
      this.words = new Uint32Array(this.image.data.buffer);
      this.width = width;
      this.height = height;
    } else {
      this.words.fill(0);
    }
  }

  /** A square `size` device pixels across centred at (x, y); only its edge when `hollow`. */
  square(x: number, y: number, size: number, colour: string, hollow: boolean): void {
    let pixel = this.colours.get(colour);
    if (pixel === undefined) this.colours.set(colour, (pixel = pixelOf(colour)));
    const left = Math.max(0, Math.round(x - size / 2));
    const top = Math.max(0, Math.round(y - size / 2));
    const right = Math.min(this.width, Math.round(x + size / 2));
    const bottom = Math.min(this.height, Math.round(y + size / 2));
    const words = this.words;
    for (let row = top; row < bottom; row++) {
      const at = row * this.width;
      if (hollow && row !== top && row !== bottom - 1) {
        if (left < right) words[at + left] = pixel;
        if (right - 1 > left) words[at + right - 1] = pixel;
      } else {
        words.fill(pixel, at + left, at + right);
      }
    }
  }

  /** Puts the frame's pixels on the canvas (replacing what was there). */
  end(ctx: CanvasRenderingContext2D): void {
    if (this.image !== undefined) ctx.putImageData(this.image, 0, 0);
  }

  /** The pixel word at (x, y), for tests. */
  pixelAt(x: number, y: number): number {
    return this.words[y * this.width + x] ?? 0;
  }
}
