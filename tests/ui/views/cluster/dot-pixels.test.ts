/**
 * The cluster view's busiest frames put their square dots straight into pixels: each square
 * covers its cells in the message's colour (only the edge when the message was lost), clipped to
 * the canvas, and each frame starts transparent.
 */
import { describe, expect, it } from 'vitest';
import { DotPixels, pixelOf } from '../../../../src/ui/views/cluster/dot-pixels.ts';

/** Just what DotPixels asks of a 2D context, with the image it put last. */
function fakeContext(width: number, height: number) {
  const put: ImageData[] = [];
  const ctx = {
    canvas: { width, height },
    createImageData: (w: number, h: number) => ({ data: new Uint8ClampedArray(w * h * 4), width: w, height: h, colorSpace: 'srgb' }),
    putImageData: (image: ImageData) => put.push(image),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, put };
}

/** The cells of a 10 × 10 canvas a square covers, as rows of '#' and '.'. */
function picture(pixels: DotPixels, colour: number): string[] {
  return Array.from({ length: 10 }, (_, y) =>
    Array.from({ length: 10 }, (_, x) => (pixels.pixelAt(x, y) === colour ? '#' : '.')).join(''),
  );
}

describe('square dots in pixels', () => {
  const red = pixelOf('#ff0000');

  it('fills a square of the given size around its centre, or only its edge when hollow', () => {
    const { ctx } = fakeContext(10, 10);
    const pixels = new DotPixels();
    pixels.begin(ctx);
    pixels.square(3, 3, 4, '#ff0000', false);
    pixels.square(7, 7, 4, '#ff0000', true);
    expect(picture(pixels, red)).toEqual([
      '..........',
      '.####.....',
      '.####.....',
      '.####.....',
      '.####.....',
      '.....####.',
      '.....#..#.',
      '.....#..#.',
      '.....####.',
      '..........',
    ]);
  });

  it('clips squares at the canvas edge and starts each frame transparent', () => {
    const { ctx, put } = fakeContext(10, 10);
    const pixels = new DotPixels();
    pixels.begin(ctx);
    pixels.square(0, 9, 4, '#ff0000', false);
    pixels.end(ctx);
    expect(put).toHaveLength(1);
    expect(picture(pixels, red).slice(7)).toEqual(['##........', '##........', '##........']);
    pixels.begin(ctx);
    expect(picture(pixels, red).join('')).not.toContain('#');
  });

  it('packs #rrggbb into an opaque pixel word in either byte order, and refuses other colours', () => {
    expect(pixelOf('#102030', true)).toBe(0xff302010);
    expect(pixelOf('#102030', false)).toBe(0x102030ff);
    expect(() => pixelOf('rgb(1, 2, 3)')).toThrow(/must be #rrggbb/);
  });
});
