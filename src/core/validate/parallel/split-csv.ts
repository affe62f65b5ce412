import { open } from 'node:fs/promises';

const WINDOW = 1 << 20;

/**
 * Byte offsets that cut [dataStart, size) into `parts` ranges, each cut just after a line feed; the
 * first range is `firstWeight` times as large as each of the others. A cut may still fall inside a
 * quoted field that holds a line break; the part before it then ends inside a quote, which is reported
 * as an error, and the caller reads the file in one piece.
 */
export async function splitPoints(
  path: string,
  dataStart: number,
  size: number,
  parts: number,
  firstWeight = 1,
): Promise<number[]> {
  const handle = await open(path, 'r');
  try {
    const window = new Uint8Array(WINDOW);
    const cuts: number[] = [];
    for (let k = 1; k < parts; k++) {
      const share = (firstWeight + (k - 1)) / (firstWeight + (parts - 1));
      const nominal = dataStart + Math.floor((size - dataStart) * share);
      if (cuts.length && nominal <= cuts[cuts.length - 1]) continue;
      const { bytesRead } = await handle.read(window, 0, WINDOW, nominal);
      const lf = window.subarray(0, bytesRead).indexOf(0x0a);
      if (lf < 0) continue;
      const cut = nominal + lf + 1;
      if (cut < size) cuts.push(cut);
    }
    return cuts;
  } finally {
    await handle.close();
  }
}
