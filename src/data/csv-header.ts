/** A CSV file's header, read without reading the rows (the loader reports any problem with the file). */
import { createReadStream } from 'node:fs';
import { CsvTokenizer } from './csv-tokenizer.ts';

/** The header names, or null when the file cannot be read as CSV text (loadCsv then says why). */
export async function readCsvHeader(path: string): Promise<string[] | null> {
  let header: string[] | null = null;
  const tokenizer = new CsvTokenizer((fields) => {
    header = fields;
    return false;
  });
  const decoder = new TextDecoder('utf-8'); // drops a leading BOM, as the loader's does
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>) {
      tokenizer.push(decoder.decode(chunk, { stream: true }));
      if (tokenizer.done) break;
    }
    if (!tokenizer.done) {
      tokenizer.push(decoder.decode());
      tokenizer.end();
    }
  } catch {
    return null;
  }
  return header;
}
