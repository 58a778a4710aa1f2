import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { finished } from 'node:stream/promises';
import type * as Arrow from 'apache-arrow';
import type { Field, RecordBatchFileWriter, Schema, Table } from 'apache-arrow';
import { UnreadableFile } from './unreadableFile.js';

let arrowModule: typeof Arrow | undefined;
/** apache-arrow (some 150 modules) loads on first use, so commands that never touch a feature file start without it. */
function arrow(): typeof Arrow {
  return (arrowModule ??= createRequire(import.meta.url)('apache-arrow') as typeof Arrow);
}

/**
 * The feature store: one Apache Arrow IPC file per set, an `id` column (utf8) then one float32
 * column per feature, named as openSMILE names them. pandas (`read_feather`), polars (`read_ipc`) and
 * pyarrow read it as is. Rows are written in batches, so a large set never sits in memory twice.
 */
export class FeatureWriter {
  private readonly writer: RecordBatchFileWriter;
  private readonly done: Promise<void>;
  private readonly schema: Schema;
  private ids: string[] = [];
  private rows: Float32Array[] = [];

  constructor(
    path: string,
    readonly names: readonly string[],
    private readonly batchRows = 512,
  ) {
    const { Field, Float32, RecordBatchFileWriter, Schema, Utf8 } = arrow();
    this.schema = new Schema([new Field('id', new Utf8(), false), ...names.map((n) => new Field(n, new Float32(), false))]);
    this.writer = new RecordBatchFileWriter();
    const sink = createWriteStream(path);
    this.writer.toNodeStream().pipe(sink);
    this.done = finished(sink);
  }

  add(id: string, features: Float32Array): void {
    if (features.length !== this.names.length) throw new Error(`${id}: ${features.length} features, expected ${this.names.length}`);
    this.ids.push(id);
    this.rows.push(features);
    if (this.ids.length >= this.batchRows) this.flush();
  }

  private flush(): void {
    const { Float32, makeData, RecordBatch, Struct, Utf8, vectorFromArray } = arrow();
    const n = this.ids.length;
    const columns = this.names.map((_, j) => {
      const column = new Float32Array(n);
      for (let i = 0; i < n; i++) column[i] = this.rows[i][j];
      return makeData({ type: new Float32(), length: n, data: column });
    });
    const idData = vectorFromArray(this.ids, new Utf8()).data[0];
    const struct = makeData({ type: new Struct(this.schema.fields), length: n, children: [idData, ...columns] });
    this.writer.write(new RecordBatch(this.schema, struct));
    this.ids = [];
    this.rows = [];
  }

  /** Writes the last batch and closes the file (a set with no rows still gets a valid file with its schema). */
  async close(): Promise<void> {
    if (this.ids.length) this.flush();
    else this.writer.reset(undefined, this.schema);
    this.writer.finish();
    await this.done;
  }
}

export interface FeatureMatrix {
  ids: string[];
  names: string[];
  /** Row-major, ids.length × names.length. */
  values: Float32Array;
}

const ARROW_MAGIC = 'ARROW1';
/** The file's leading magic and its padding, before the first IPC message. */
const ARROW_MAGIC_PADDED = 8;

/** Why an Arrow file's bytes cannot be the feature store's, or undefined (apache-arrow itself reads a truncated file as null fields, and an empty one as an empty table). */
function framingProblem(bytes: Buffer): string | undefined {
  if (bytes.length === 0) return 'empty';
  if (bytes.toString('latin1', 0, ARROW_MAGIC.length) !== ARROW_MAGIC) return 'it does not start as an Arrow file';
  if (bytes.length < 2 * ARROW_MAGIC.length + 2 || bytes.toString('latin1', bytes.length - ARROW_MAGIC.length) !== ARROW_MAGIC) return 'truncated: no Arrow footer';
  return undefined;
}

/** The float32 values and ids of one record batch, read from the batch's body by buffer position. */
interface BatchColumns {
  ids: string[];
  columns: Float32Array[];
}

/**
 * Reads the store's layout (a utf8 id column and float32 columns, no nulls, uncompressed) straight from
 * each record batch's body, or returns undefined for any other layout. apache-arrow's own RecordBatch
 * matches every column to the schema by name, quadratic in 6,373 columns: ~0.6 s a file, paid by every
 * training task of a cluster grid for each set it loads.
 */
function readStoreLayout(bytes: Buffer, schema: Schema): { idIndex: number; batches: BatchColumns[] } | undefined {
  const idIndex = schema.fields.findIndex((f) => f.name === 'id');
  const isId = (f: Field, i: number) => i === idIndex && arrow().DataType.isUtf8(f.type);
  const isFloat32 = (f: Field) => arrow().DataType.isFloat(f.type) && f.type.precision === arrow().Precision.SINGLE;
  if (idIndex < 0 || !schema.fields.every((f, i) => isId(f, i) || isFloat32(f))) return undefined;
  const batches: BatchColumns[] = [];
  const messages = new (arrow().MessageReader)(bytes.subarray(ARROW_MAGIC_PADDED));
  for (const message of messages) {
    if (!message.isRecordBatch()) continue;
    const body = messages.readMessageBody(message.bodyLength);
    const header = message.header();
    if (header.compression != null || header.nodes.length !== schema.fields.length) return undefined;
    const region = (buffer: number) => {
      const { offset, length } = header.buffers[buffer];
      if (offset + length > body.length) throw new TypeError('a buffer past the end of its batch');
      return body.subarray(offset, offset + length);
    };
    const ids: string[] = [];
    const columns: Float32Array[] = [];
    let buffer = 0;
    for (let f = 0; f < schema.fields.length; f++) {
      if (header.nodes[f].nullCount !== 0 || header.nodes[f].length !== header.length) return undefined;
      if (f === idIndex) {
        const offsets = new Int32Array(region(buffer + 1).slice().buffer, 0, header.length + 1);
        const utf8 = region(buffer + 2);
        const text = Buffer.from(utf8.buffer, utf8.byteOffset, utf8.byteLength);
        for (let i = 0; i < header.length; i++) ids.push(text.toString('utf8', offsets[i], offsets[i + 1]));
        buffer += 3;
      } else {
        // A copy: the body need not be 4-byte aligned in the file's buffer.
        columns.push(new Float32Array(region(buffer + 1).slice().buffer, 0, header.length));
        buffer += 2;
      }
    }
    batches.push({ ids, columns });
  }
  return { idIndex, batches };
}

/** Reads a feature file into a row-major matrix (the layout the models take); an unusable file throws UnreadableFile. */
export async function readFeatureMatrix(path: string): Promise<FeatureMatrix> {
  const bytes = await readFile(path);
  const unreadable = (why: string) => new UnreadableFile(path, 'a readable Arrow file', why);
  const framing = framingProblem(bytes);
  if (framing) throw unreadable(framing);
  let batches: BatchColumns[];
  let names: string[];
  try {
    const schema = arrow().RecordBatchReader.from(bytes).open().schema;
    names = schema.fields.map((f) => f.name).filter((name) => name !== 'id');
    const store = readStoreLayout(bytes, schema);
    if (!store && !schema.fields.some((f) => f.name === 'id')) throw unreadable('no id column');
    batches = store?.batches ?? batchesOf(arrow().tableFromIPC(bytes));
  } catch (e) {
    if (e instanceof UnreadableFile) throw e;
    // apache-arrow trips over damaged metadata as a TypeError on a null field, which says nothing to a user.
    throw unreadable(e instanceof TypeError || e instanceof RangeError ? 'its Arrow metadata is damaged' : (e as Error).message);
  }
  const ids = batches.flatMap((b) => b.ids);
  const values = new Float32Array(ids.length * names.length);
  let row = 0;
  for (const batch of batches) {
    batch.columns.forEach((column, j) => {
      for (let i = 0; i < batch.ids.length; i++) {
        // The store never holds non-finite values: one here is damage that would turn every score into NaN.
        if (!Number.isFinite(column[i])) throw unreadable(`${batch.ids[i]}: ${names[j]} is ${column[i]}`);
        values[(row + i) * names.length + j] = column[i];
      }
    });
    row += batch.ids.length;
  }
  return { ids, names, values };
}

/** Any other Arrow layout (e.g. float64 columns written by pandas), through apache-arrow's table reader. */
function batchesOf(table: Table): BatchColumns[] {
  const fields = table.schema.fields.map((f, index) => ({ name: f.name, index }));
  const id = fields.find((f) => f.name === 'id')!;
  // By position: looking columns up by name is linear in the column count.
  return [
    {
      ids: Array.from(table.getChildAt(id.index)!.toArray() as ArrayLike<string>),
      columns: fields.filter((f) => f !== id).map((f) => Float32Array.from(table.getChildAt(f.index)!.toArray() as ArrayLike<number>)),
    },
  ];
}
