import { z } from 'zod';
import { CaseBundleSchema, DecisionSchema } from '@common/domain';
import { DEFAULT_POLICY, PolicySchema } from '@common/policy';
import { FindingSchema } from '@common/rules';
import { renderCaseBundleDoc } from './examples';

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

function schema(s: z.ZodType, id: string, io: 'input' | 'output'): string {
  // Producers send the *input* shape (defaults may be omitted); consumers receive the output shape.
  const js = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  return json({ $id: `https://gavel.example/schema/${id}`, ...js });
}

/** Relative path → file content, for every generated artifact. */
export function renderArtifacts(): Record<string, string> {
  return {
    'docs/schema/case-bundle.schema.json': schema(CaseBundleSchema, 'case-bundle.schema.json', 'input'),
    'docs/schema/decision.schema.json': schema(DecisionSchema, 'decision.schema.json', 'input'),
    'docs/schema/policy.schema.json': schema(PolicySchema, 'policy.schema.json', 'input'),
    'docs/schema/finding.schema.json': schema(FindingSchema, 'finding.schema.json', 'output'),
    'common/policy/default-policy.json': json(DEFAULT_POLICY),
    'docs/case-bundle.md': renderCaseBundleDoc(),
  };
}
