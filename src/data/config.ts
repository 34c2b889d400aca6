/** The `data` section of an experiment: where the rows come from. */
import type { TargetUnit } from '../numbers.ts';

export interface SyntheticDataConfig {
  /** Rows to generate. */
  rows: number;
  /** Target share of buyers (P(y > 0) averaged over rows). */
  buyerRate: number;
  /** σ of log(amount | buy): larger is a heavier right tail. */
  tailSigma: number;
  /** Strength of the session-end leakage: extra hits/page views that a purchase adds. */
  leakage: number;
  /**
   * The generator's seed, its own key so that `--seed` changes folds, initialisers, dropout and
   * shuffling but not the data (paired seed studies). Default DEFAULT_DATA_SEED.
   */
  seed: number;
  /** sessions (absent = sessions): independent sessions, random userIds; users: users with histories (src/data/synthetic-users.ts). */
  mode?: 'sessions' | 'users';
}

export interface DataConfig {
  source: 'synthetic' | 'csv';
  /** Absolute path (resolved relative to the YAML file); null for synthetic. */
  path: string | null;
  /** CSV only: read at most this many data rows (null = all). Synthetic data: `synthetic.rows`. */
  maxRows: number | null;
  target: string;
  /** How the target is stored (e.g. micros); reports and charts show target-scale values in its display unit. null = raw. */
  targetUnit: TargetUnit | null;
  /** Optional id column used in submissions. */
  idColumn: string | null;
  synthetic: SyntheticDataConfig;
}
