import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { Float32, Field, makeData, RecordBatch, RecordBatchFileWriter, Schema, Struct, tableFromIPC, Utf8, vectorFromArray } from 'apache-arrow';

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

/** Reads a feature file into a row-major matrix (the layout the models take). */
export async function readFeatureMatrix(path: string): Promise<FeatureMatrix> {
  const table = tableFromIPC(await readFile(path));
  const columns = table.schema.fields.map((f, index) => ({ name: f.name, index })).filter((c) => c.name !== 'id');
  const names = columns.map((c) => c.name);
  const ids = (table.getChild('id')?.toArray() ?? []) as string[];
  const values = new Float32Array(ids.length * names.length);
  columns.forEach(({ index }, j) => {
    // By position: looking columns up by name is linear in the column count.
    const column = table.getChildAt(index)!.toArray() as Float32Array;
    for (let i = 0; i < ids.length; i++) values[i * names.length + j] = column[i];
  });
  return { ids: Array.from(ids), names, values };
}
