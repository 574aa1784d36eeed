// What both backends' migration runners share: the shape of a migration and the refusal to run on a schema
// written by a newer version of the app.

/** Never edit a migration that has shipped: append a new one. */
export interface Migration {
  /** 1, 2, 3… in array order; the schema version the database has once this one is applied. */
  readonly id: number;
  readonly name: string;
  readonly sql: string;
}

/** Throws unless the ids run 1..n in array order; returns n, the version the list brings a database to. */
export function latestVersion(migrations: readonly Migration[]): number {
  migrations.forEach((m, index) => {
    if (m.id !== index + 1) throw new Error(`Migration "${m.name}" has id ${m.id}; expected ${index + 1}`);
  });
  return migrations.length;
}

/** The database was written by a newer version of the app; running older code on it could corrupt it. */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
  constructor(
    readonly found: number,
    readonly supported: number,
    where: string,
  ) {
    super(
      `The database ${where} has schema version ${found}, but this version of moltflow-slack only knows ` +
        `up to ${supported}. Upgrade moltflow-slack, or point DATABASE_URL at another database.`,
    );
  }
}
