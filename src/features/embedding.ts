/**
 * Integer ids for learned embeddings. Training-fold categories seen at least `minCategoryCount`
 * times get ids 1..K (count descending, then name); 0 is reserved for anything else — unseen,
 * rare or missing — so the model's embedding table has K + 1 rows and every id is in range.
 * Missing is deliberately not given its own id (unlike one-hot): 0 is the "no information" row.
 */
import type { FeatureConfig } from './config.ts';
import type { Dataset } from '../data/types.ts';
import { byCountThenName, columnOf, countCategories } from './column.ts';

export interface EmbeddingState {
  step: 'embedding';
  column: string;
  /** categories[k] has id k + 1. */
  categories: string[];
  /** K + 1 (id 0 included). */
  cardinality: number;
}

export interface EmbeddingIds {
  column: string;
  ids: Int32Array;
  cardinality: number;
}

const KEY = 'features.categorical';

export function fitEmbedding(config: FeatureConfig, data: Dataset, rows: ArrayLike<number>, column: string): EmbeddingState {
  const values = columnOf(data, column, 'categorical', KEY).values;
  const categories = [...countCategories(values, rows)]
    .sort(byCountThenName)
    .filter(([v, n]) => v !== null && n >= config.minCategoryCount)
    .map(([v]) => v as string);
  return { step: 'embedding', column, categories, cardinality: categories.length + 1 };
}

export function applyEmbedding(state: EmbeddingState, data: Dataset, rows: ArrayLike<number>): EmbeddingIds {
  const values = columnOf(data, state.column, 'categorical', KEY).values;
  const id = new Map<string | null, number>();
  state.categories.forEach((c, k) => id.set(c, k + 1));
  const ids = new Int32Array(rows.length);
  for (let i = 0; i < ids.length; i++) ids[i] = id.get(values[rows[i]]) ?? 0;
  return { column: state.column, ids, cardinality: state.cardinality };
}
