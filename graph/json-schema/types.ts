/** A JSON Schema as plain data. Deliberately loose: the variants add and remove keywords. */
export type JsonSchema = { [keyword: string]: unknown };
