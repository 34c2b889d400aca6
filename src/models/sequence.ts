/**
 * `type: sequence`: a hurdle model that reads the user's previous sessions (sequence-net.ts:
 * attention and sum pooling over them, joined with the current session). The pipeline supplies
 * them (`features.history.steps`); targets, loss and the retransformation are the hurdle's
 * (`hurdleHeads`): BCE on 1[y > 0] plus MSE of the standardised log amount over buyers,
 * E[y|x] = p · exp(clamped log amount) · smearing (or log-normal) factor fitted on the training
 * buyers. The previous-session layout is saved among the params, so a reloaded model rebuilds
 * the same network and refuses features laid out differently.
 */
import { z } from 'zod';
import { UserError } from '../errors.ts';
import type { FeatureMatrix } from '../features/types.ts';
import { e, positiveInt } from '../schema-fields.ts';
import { commonModelFields, hiddenLayers } from './fields.ts';
import { hurdleHeadFields, hurdleHeads, hurdleParamsSchema } from './hurdle.ts';
import { buildSequenceNet, sequenceForward } from './sequence-net.ts';
import { defineNetworkModel } from './skeleton.ts';

const configSchema = z.strictObject({
  type: z.literal('sequence'),
  stepUnits: positiveInt().default(16).describe("width of each previous session's code (attention and sum pooling)"),
  purchaseHead: hiddenLayers([64, 32]).describe('classifier head on [session, history code]: P(purchase)'),
  amountHead: hiddenLayers([64, 32]).describe('regressor head on [session, history code]: log(amount) for buyers'),
  dropout: commonModelFields.dropout,
  l2: commonModelFields.l2,
  embeddingDim: z.literal(0, e('0 (the sequence model has no learned embeddings)')).default(0).describe('0: no learned embeddings (use onehot or frequency encodings)'),
  ...hurdleHeadFields,
});
export type SequenceModelConfig = z.output<typeof configSchema>;

const layoutInt = () => z.number().int().nonnegative();
const paramsSchema = hurdleParamsSchema.extend({
  /** Where the previous sessions sit in a feature row (features/history.ts SequenceLayout). */
  layoutOffset: layoutInt(),
  layoutSteps: layoutInt(),
  layoutWidth: layoutInt(),
  layoutBaseWidth: layoutInt(),
});
type SequenceParams = z.output<typeof paramsSchema>;

const layoutOf = (p: SequenceParams) => ({ offset: p.layoutOffset, steps: p.layoutSteps, width: p.layoutWidth, baseWidth: p.layoutBaseWidth });

/** The input's previous-session block; without one (no features.history.steps) there are 0 steps. */
function layoutParams(input: FeatureMatrix): Pick<SequenceParams, 'layoutOffset' | 'layoutSteps' | 'layoutWidth' | 'layoutBaseWidth'> {
  const s = input.sequence ?? { offset: input.nFeatures, steps: 0, width: 0, baseWidth: 0 };
  return { layoutOffset: s.offset, layoutSteps: s.steps, layoutWidth: s.width, layoutBaseWidth: s.baseWidth };
}

export const sequenceModel = defineNetworkModel({
  type: 'sequence',
  configSchema,
  paramsSchema,
  stateVersion: 1,
  twoPart: true,
  nonNegativeTarget: true,
  // Only the output width is read from the shape: the network itself is `network` below.
  shape: (config) => ({
    trunk: { name: 'sequence', hidden: [], outputs: null },
    heads: [
      { name: 'purchase', hidden: config.purchaseHead, outputs: 1 },
      { name: 'amount', hidden: config.amountHead, outputs: 1 },
    ],
  }),
  ...hurdleHeads<SequenceModelConfig, SequenceParams>('sequence'),
  network: {
    paramsOf: layoutParams,
    checkInput(input, params) {
      const got = layoutParams(input);
      const bad = (Object.keys(got) as (keyof typeof got)[]).find((k) => got[k] !== params[k]);
      if (bad) {
        throw new UserError('MODEL_INVALID', 'the previous-session block of the features does not match the one the model was trained on.', {
          key: bad,
          expected: JSON.stringify(layoutOf(params)),
          found: JSON.stringify(layoutOf({ ...params, ...got })),
          hint: 'Apply the fitted feature pipeline saved with the model (same features.history.steps).',
        });
      }
    },
    build: (config, params, seed) => buildSequenceNet(config, layoutOf(params), seed),
    forward: (net, inputs, pass, config, params, fast) => sequenceForward(net, config, layoutOf(params), inputs, pass, fast),
  },
});
