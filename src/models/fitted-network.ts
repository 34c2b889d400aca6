/** A trained network model: predict, save (toState), dispose. Built by the skeleton's fit and fromState. */
import type { z } from 'zod';
import type { FeatureMatrix } from '../features/types.ts';
import { checkPredictInput } from './input-checks.ts';
import { outputWidth, predictColumns, type Network } from './network.ts';
import type { NetworkModelSpec, Params } from './spec.ts';
import type { Diagnostics, FittedModel, ModelConfigSchema, ModelState, Prediction } from './types.ts';

const INFERENCE = { training: false, dropoutSeed: 1 };

export class FittedNetworkModel<T extends string, S extends ModelConfigSchema<T>, P extends Params> implements FittedModel {
  readonly type: T;
  constructor(
    private readonly spec: NetworkModelSpec<T, S, P>,
    private readonly net: Network,
    private readonly config: z.output<S>,
    private readonly nFeatures: number,
    readonly params: P,
    readonly diagnostics: Diagnostics,
  ) {
    this.type = spec.type;
  }

  /** Raw head outputs per row, row-major, exactly as computed on the backend. */
  outputs(input: FeatureMatrix): Float32Array {
    checkPredictInput(input, this.nFeatures, this.net.embeddings);
    const custom = this.spec.network;
    custom?.checkInput(input, this.params);
    const width = outputWidth(this.spec.shape(this.config));
    return predictColumns(input, this.net.embeddings, width, (x) =>
      custom ? custom.forward(this.net, x, INFERENCE, this.config, this.params, true) : this.net.forward(x, INFERENCE, 0, true));
  }

  predict(input: FeatureMatrix): Prediction {
    return this.spec.predict(this.outputs(input), input.nRows, this.params, this.config);
  }

  toState(): ModelState {
    return {
      type: this.type,
      version: this.spec.stateVersion,
      config: this.config as ModelState['config'],
      nFeatures: this.nFeatures,
      weights: this.net.exportWeights(),
      params: { ...this.params },
      diagnostics: { ...this.diagnostics },
    };
  }

  dispose(): void {
    this.net.dispose();
  }
}

