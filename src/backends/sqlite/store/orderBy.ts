import { invalidParameter } from '../../../core/errors';

export interface OrderTerm {
  column: string;
  descending: boolean;
}

const TERM = /^\s*(?:attribute\.)?[`"]?(\w+)[`"]?(?:\s+(asc|desc))?\s*$/i;

/**
 * Parses MLflow order_by clauses for one entity. `columns` maps the keys MLflow
 * accepts to SQL columns; MLflow rejects unknown and repeated keys.
 */
export function parseOrderBy(clauses: readonly string[] | undefined, columns: Readonly<Record<string, string>>, entity: string): OrderTerm[] {
  const terms: OrderTerm[] = [];
  const seen = new Set<string>();
  for (const clause of clauses ?? []) {
    const m = TERM.exec(clause);
    const key = m?.[1];
    if (!m || key === undefined || !(key in columns)) {
      throw invalidParameter(
        `Invalid order_by clause '${clause}' for ${entity}. ` +
          `Valid keys are ${Object.keys(columns)
            .map((k) => `'${k}'`)
            .join(', ')}, ` +
          `optionally followed by ASC or DESC.`,
      );
    }
    const column = columns[key];
    if (seen.has(column)) {
      throw invalidParameter(`'order_by' contains duplicate fields: ${clauses!.join(', ')}`);
    }
    seen.add(column);
    terms.push({ column, descending: m[2]?.toLowerCase() === 'desc' });
  }
  return terms;
}

/** Appends MLflow's tie-breaks unless the caller already ordered by those columns. */
export function withTieBreaks(terms: OrderTerm[], tieBreaks: OrderTerm[]): OrderTerm[] {
  const used = new Set(terms.map((t) => t.column));
  return [...terms, ...tieBreaks.filter((t) => !used.has(t.column))];
}

export function orderBySql(terms: OrderTerm[], alias: string): string {
  return terms.map((t) => `${alias}.${t.column} ${t.descending ? 'DESC' : 'ASC'}`).join(', ');
}
