/**
 * Model registry: type name → definition. An unknown name is a REGISTRY_MISS listing the valid ones.
 */
import { registryMiss } from '../errors.ts';
import { hurdleModel } from './hurdle.ts';
import { mlpModel } from './mlp.ts';
import type { ModelDefinition } from './types.ts';
import { sequenceModel } from './sequence.ts';
import { zilnModel } from './ziln.ts';

const MODELS: Record<string, ModelDefinition> = {
  mlp: mlpModel,
  hurdle: hurdleModel,
  ziln: zilnModel,
  sequence: sequenceModel,
};

export const MODEL_TYPES = Object.keys(MODELS) as readonly string[];

export function getModel(type: string): ModelDefinition {
  const model = Object.hasOwn(MODELS, type) ? MODELS[type] : undefined;
  if (!model) throw registryMiss('model type', type, MODEL_TYPES, { key: 'model.type' });
  return model;
}
