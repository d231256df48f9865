// Writes the TFRecord files of test/fixtures/data-readers/written-by-gradtape/ with
// tf.io.TFRecordWriter (plain, GZIP and ZLIB), which scripts/data_readers_fixtures.py reads with
// TensorFlow. Run after `npx tsup`: node_modules/.bin/tsx scripts/data-readers-written.mts
import { mkdirSync } from 'node:fs';
import * as tf from 'gradtape';

const dir = new URL('../test/fixtures/data-readers/written-by-gradtape/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });

/** The records: text, an empty record, all 256 byte values, and one longer than a varint byte. */
export const RECORDS: (string | Uint8Array)[] = ['first record', '', Uint8Array.from({ length: 256 }, (_, i) => i), 'é'.repeat(100)];

for (const [file, compressionType] of [['records.tfrecord', ''], ['records.tfrecord.gz', 'GZIP'], ['records.tfrecord.zz', 'ZLIB']] as const) {
  const writer = new tf.io.TFRecordWriter(dir + file, { compressionType });
  for (const r of RECORDS) writer.write(r);
  writer.close();
}
