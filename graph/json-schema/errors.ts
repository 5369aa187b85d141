/**
 * Errors of the JSON Schema export. Each class has a stable `code`. Decoding errors are user
 * errors of the model that produced the output: the message names the place and what to send
 * instead, so it can go back to the model in a repair round.
 */

/** Base class of every error thrown by `graph/json-schema/`. */
export class JsonSchemaExportError extends Error {
  /** Stable, machine-readable identifier; never reused by another class. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The model's output cannot be turned back into a document (bad JSON text, a malformed map). */
export class LlmOutputDecodeError extends JsonSchemaExportError {
  /** JSON Pointer of the offending value in the model's output. */
  readonly pointer: string;

  constructor(pointer: string, message: string, options?: ErrorOptions) {
    super('json_schema.undecodable', `${pointer || '/'}: ${message}`, options);
    this.pointer = pointer;
  }
}
