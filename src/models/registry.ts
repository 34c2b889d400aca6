/**
 * The model registry: the single source of the model types. The `model:` config union, the
 * `ModelConfig` type and the list of names all derive from DEFINITIONS, so adding a model is its
 * file plus one entry here. An unknown name is a REGISTRY_MISS listing the valid ones.
 */
import { z } from 'zod';
import { registryMiss } from '../errors.ts';
import { e } from '../schema-fields.ts';
import { hurdleModel } from './hurdle.ts';
import { mlpModel } from './mlp.ts';
import { sequenceModel } from './sequence.ts';
import { tweedieModel } from './tweedie.ts';
import type { FitContext, FitOutcome, ModelDefinition, ModelState, FittedModel } from './types.ts';
import { zilnModel } from './ziln.ts';

const DEFINITIONS = [mlpModel, hurdleModel, zilnModel, tweedieModel, sequenceModel] as const;

type Definition = (typeof DEFINITIONS)[number];
/** The resolved `model:` section: one member per registered type. */
export type ModelConfig = z.output<Definition['configSchema']>;
export type ModelType = ModelConfig['type'];
export type { MlpModelConfig } from './mlp.ts';
export type { HurdleModelConfig } from './hurdle.ts';
export type { ZilnModelConfig } from './ziln.ts';

export const MODEL_TYPES: readonly ModelType[] = DEFINITIONS.map((d) => d.type);
export const DEFAULT_MODEL_TYPE: ModelType = 'mlp';

type Schemas = [Definition['configSchema'], ...Definition['configSchema'][]];
/** The `model:` section's schema: a union discriminated by `type`. */
export const modelConfigSchema = z.discriminatedUnion(
  'type',
  DEFINITIONS.map((d) => d.configSchema) as unknown as Schemas,
  e('a mapping with a `type`'),
);

/** A registered definition, callable with any model config (its own type is checked at the call). */
export interface AnyModelDefinition {
  type: ModelType;
  configSchema: Definition['configSchema'];
  twoPart: boolean;
  fit(input: Parameters<ModelDefinition['fit']>[0], y: Float64Array, ctx: FitContext<ModelConfig>): Promise<FitOutcome>;
  fromState(state: ModelState): FittedModel;
}

export function getModel(type: string): AnyModelDefinition {
  const model = DEFINITIONS.find((d) => d.type === type);
  if (!model) throw registryMiss('model type', type, MODEL_TYPES, { key: 'model.type' });
  return model as unknown as AnyModelDefinition;
}
