/**
 * The shared skeleton of every network model: check the input → build the network → train it →
 * release it on divergence → learn the post-training parameters → predict → save / reload. A model
 * file supplies only what is its own (`NetworkModelSpec`): the network shape, the training targets
 * and loss, the parameters it learns besides the weights, and the mapping from head outputs to
 * E[y|x].
 */
import type { z } from 'zod';
import { UserError } from '../errors.ts';
import type { KernelLoss } from '../kernels/losses.ts';
import { embeddingsUnsupported, type KernelPlan } from '../train/kernel-step.ts';
import { trainLoop } from '../train/loop.ts';
import { FittedNetworkModel } from './fitted-network.ts';
import { checkFitInput } from './input-checks.ts';
import { buildNetwork, Network, networkFromWeights, withWeights, trainData, type NetworkSettings } from './network.ts';
import type { CustomNetwork, NetworkModelSpec, Params } from './spec.ts';
import type { FitReport, ModelConfigSchema, ModelDefinition, ModelState } from './types.ts';

export type { Calibration, CustomNetwork, NetworkModelSpec, Params, Prepared } from './spec.ts';
export { FittedNetworkModel } from './fitted-network.ts';


/** The network as the kernels see it: the trunk reads the data, every head reads the trunk; the loss reads the heads (or the trunk when there are none). */
function kernelPlan(net: Network, loss: KernelLoss, settings: NetworkSettings): KernelPlan {
  const heads = net.stacks.length - 1;
  return {
    stacks: net.stacks.map((stack, i) => ({ stack, input: i === 0 ? -1 : 0 })),
    outputs: heads > 0 ? Array.from({ length: heads }, (_, i) => i + 1) : [0],
    loss,
    dropout: settings.dropout,
    l2: settings.l2,
    unsupported: embeddingsUnsupported(settings.embeddingDim),
  };
}

function stateError(type: string, message: string, details: { key?: string; expected?: string; found?: string } = {}): UserError {
  return new UserError('MODEL_INVALID', `${type} model state: ${message}`, {
    ...details,
    hint: 'The state was edited or saved by an incompatible version; refit the model (rerun with --save-model).',
  });
}

/** The ModelDefinition of a network model from its spec. */
export function defineNetworkModel<T extends string, S extends ModelConfigSchema<T>, P extends Params>(
  spec: NetworkModelSpec<T, S, P>,
): ModelDefinition<T, S> {
  return {
    type: spec.type,
    configSchema: spec.configSchema,
    twoPart: spec.twoPart,

    async fit(input, y, ctx) {
      const config = ctx.config as z.output<S> & NetworkSettings;
      checkFitInput(input, y, spec.type, spec.nonNegativeTarget);
      const custom = spec.network;
      const architecture = custom?.paramsOf(input);
      const base = spec.prepare(y, config);
      const prepared = architecture ? { ...base, params: { ...base.params, ...architecture } } : base;
      const init = ctx.seeds.derive('init');
      const net = custom ? custom.build(config, prepared.params, init) : buildNetwork(spec.shape(config), input, config.embeddingDim, init);
      const fast = ctx.train.fastPath;
      try {
        const loop = await trainLoop(
          {
            variables: net.variables(),
            forward: (batch, pass) => (custom ? custom.forward(net, net.inputs(batch), pass, config, prepared.params, fast) : net.forward(net.inputs(batch), pass, config.dropout, fast)),
            loss: spec.loss(config),
            penalty: () => net.penalty(config.l2),
            dropout: config.dropout,
            // A custom network (the sequence model's attention) is not a dense stack: it stays on tfjs.
            kernel: spec.kernelLoss && !custom ? kernelPlan(net as Network, spec.kernelLoss(config), config) : undefined,
          },
          trainData(input, y, prepared.targets, prepared.nTargets, config.embeddingDim > 0),
          ctx,
        );
        const { trainRows, validationRows, validationIndices: _rows, ...rest } = loop;
        const rows = { trainRows, validationRows };
        if (loop.status !== 'ok') {
          net.dispose();
          return { model: null, report: { ...rest, info: { ...prepared.params, ...prepared.diagnostics, ...rows } } satisfies FitReport };
        }
        let model = new FittedNetworkModel(spec, net, config, input.nFeatures, prepared.params, prepared.diagnostics);
        if (spec.calibrate) {
          const learned = spec.calibrate({ outputs: model.outputs(input), y, params: prepared.params, loop }, config);
          model = new FittedNetworkModel(spec, net, config, input.nFeatures, learned.params, { ...prepared.diagnostics, ...learned.diagnostics });
        }
        return { model, report: { ...rest, info: { ...model.params, ...model.diagnostics, ...rows } } satisfies FitReport };
      } catch (e) {
        net.dispose();
        throw e;
      }
    },

    fromState(state) {
      if (state.type !== spec.type) throw stateError(spec.type, `it is a ${JSON.stringify(state.type)} state.`, { key: 'type', expected: JSON.stringify(spec.type), found: JSON.stringify(state.type) });
      if (state.version !== spec.stateVersion) {
        throw stateError(spec.type, 'it has a state version this hurdle-lab cannot read.', { key: 'version', expected: String(spec.stateVersion), found: JSON.stringify(state.version) });
      }
      const config = spec.configSchema.safeParse(state.config);
      if (!config.success) throw stateError(spec.type, 'its config is not valid.', { key: 'config', found: config.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      const params = spec.paramsSchema.safeParse(state.params);
      if (!params.success) {
        const issue = params.error.issues[0];
        throw stateError(spec.type, 'a learned parameter is missing or not a finite number.', { key: `params.${issue.path.join('.')}`, expected: 'a finite number', found: issue.message });
      }
      const settings = config.data as z.output<S> & NetworkSettings;
      const net = spec.network ? customFromWeights(spec.network, settings, params.data, state.weights) : networkFromWeights(spec.shape(settings), state.nFeatures, settings.embeddingDim, state.weights);
      return new FittedNetworkModel(spec, net, settings, state.nFeatures, params.data, { ...state.diagnostics });
    },
  };
}

function customFromWeights<C, P extends Params>(custom: CustomNetwork<C, P>, config: C, params: P, weights: ModelState['weights']): Network {
  return withWeights(custom.build(config, params, null), weights);
}
