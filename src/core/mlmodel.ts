/**
 * An MLmodel file (docs/uris.md#mlmodel), read the way MLflow writes it in 2.x and 3.x.
 * Signatures are JSON strings inside the YAML; they are parsed here so that
 * callers get columns, not text.
 */
export interface ColumnSpec {
  name?: string;
  type: string;
  required?: boolean;
  /** For tensors: dtype and shape. */
  tensor?: { dtype: string; shape: number[] };
}

export interface ParamSpec {
  name: string;
  type: string;
  default?: unknown;
  shape?: number[] | null;
}

export interface MlModel {
  artifactPath: string | null;
  flavors: Record<string, Record<string, unknown>>;
  runId: string | null;
  modelUuid: string | null;
  /** MLflow 3 logged model id (`m-…`). */
  modelId: string | null;
  mlflowVersion: string | null;
  utcTimeCreated: string | null;
  signature: { inputs: ColumnSpec[] | null; outputs: ColumnSpec[] | null; params: ParamSpec[] | null } | null;
  /** Where the input example is, relative to the model folder. */
  inputExamplePath: string | null;
  modelSizeBytes: number | null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function columns(json: unknown): ColumnSpec[] | null {
  if (typeof json !== 'string' || json === '') return null;
  const raw = JSON.parse(json) as Record<string, unknown>[];
  return raw.map((c) => {
    const spec = c['tensor-spec'] as { dtype?: string; shape?: number[] } | undefined;
    return {
      name: typeof c.name === 'string' ? c.name : undefined,
      type: String(c.type),
      required: typeof c.required === 'boolean' ? c.required : undefined,
      tensor: spec ? { dtype: String(spec.dtype), shape: spec.shape ?? [] } : undefined,
    };
  });
}

function params(json: unknown): ParamSpec[] | null {
  if (typeof json !== 'string' || json === '') return null;
  return (JSON.parse(json) as Record<string, unknown>[]).map((p) => ({
    name: String(p.name),
    type: String(p.type),
    default: p.default,
    shape: (p.shape as number[] | null | undefined) ?? null,
  }));
}

/** Throws with the file's problem when the YAML or a signature is malformed. */
export function parseMlModel(source: string): MlModel {
  // Required here, not imported: the YAML parser loads with the first MLmodel read, not at activation.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('yaml') as typeof import('yaml');
  const doc = (parse(source) ?? {}) as Record<string, unknown>;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('MLmodel is not a YAML mapping');
  const sig = doc.signature as Record<string, unknown> | undefined | null;
  const example = doc.saved_input_example_info as Record<string, unknown> | undefined;
  return {
    artifactPath: text(doc.artifact_path),
    flavors: (doc.flavors as Record<string, Record<string, unknown>>) ?? {},
    runId: text(doc.run_id),
    modelUuid: text(doc.model_uuid),
    modelId: text(doc.model_id),
    mlflowVersion: text(doc.mlflow_version),
    utcTimeCreated: text(doc.utc_time_created),
    signature: sig ? { inputs: columns(sig.inputs), outputs: columns(sig.outputs), params: params(sig.params) } : null,
    inputExamplePath: text(example?.artifact_path),
    modelSizeBytes: typeof doc.model_size_bytes === 'number' ? doc.model_size_bytes : null,
  };
}
