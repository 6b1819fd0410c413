import { capHistory, initialState, stepRule, type RuleState } from './alert-engine';
import { ALERT_METRICS, alertRuleSchema, DEFAULT_ALERT_RULES, ruleProblems } from './alert-rules';

const MIN = 60_000;
const overall = DEFAULT_ALERT_RULES[0];

/** Runs the rule over (minute, value) pairs and says what each evaluation did. */
function run(rule = overall, steps: [number, number | undefined][]) {
  let state: RuleState = initialState(rule.id);
  return steps.map(([minute, value]) => {
    const step = stepRule(rule, value, state, minute * MIN);
    state = step.state;
    return `${minute}:${step.state.state}${step.fire ? '+fire' : ''}${step.resolved ? '+resolved' : ''}`;
  });
}

describe('stepRule', () => {
  it('(g) overall < .5 at .4 fires one CRITICAL alert; none again within 15 min; again after 16', () => {
    expect([overall.metric, overall.comparator, overall.threshold, overall.severity]).toEqual([
      'overall_performance_score',
      'lt',
      0.5,
      'critical',
    ]);
    expect(
      run(overall, [
        [0, 0.4],
        [5, 0.4],
        [14, 0.4],
        [16, 0.4],
      ]),
    ).toEqual(['0:firing+fire', '5:firing', '14:firing', '16:firing+fire']);
  });

  it('(g) a healthy score does not fire the overall rule (the comparator is explicit)', () => {
    expect(run(overall, [[0, 0.95]])).toEqual(['0:inactive']);
  });

  it('waits `forMs` pending before firing, and a lapse resets the wait', () => {
    const rule = alertRuleSchema.parse({ ...overall, forMs: 10 * MIN });
    expect(
      run(rule, [
        [0, 0.4],
        [5, 0.4],
        [6, 0.9],
        [7, 0.4],
        [16, 0.4],
        [17, 0.4],
      ]),
    ).toEqual(['0:pending', '5:pending', '6:inactive', '7:pending', '16:pending', '17:firing+fire']);
  });

  it('keeps firing for `keepFiringForMs` after the condition lapses, then resolves', () => {
    const rule = alertRuleSchema.parse({ ...overall, keepFiringForMs: 5 * MIN });
    expect(
      run(rule, [
        [0, 0.4],
        [3, 0.9],
        [4, 0.9],
        [5, 0.9],
      ]),
    ).toEqual(['0:firing+fire', '3:firing', '4:firing', '5:resolved+resolved']);
  });

  it('treats a metric the analysis did not produce as not holding', () => {
    expect(run(overall, [[0, undefined]])).toEqual(['0:inactive']);
  });
});

describe('capHistory', () => {
  it('(g) history never exceeds 1000: the newest are kept', () => {
    const history = Array.from({ length: 1_005 }, (_, i) => i);
    const sut = capHistory(history, 1_000);
    expect([sut.length, sut[0], sut[999]]).toEqual([1_000, 5, 1_004]);
  });
});

describe('ruleProblems', () => {
  it('names the field of an unknown metric, and each missing field', () => {
    const rules = [{ id: 'x', metric: 'cpu', comparator: 'gt', threshold: 1, severity: 'info' }, { id: 'y' }];
    const metrics = ALERT_METRICS.map((m) => `"${m}"`).join('|');
    expect(ruleProblems(rules, 'rules')).toEqual([
      `rules[0].metric: Invalid option: expected one of ${metrics}`,
      `rules[1].metric: Invalid option: expected one of ${metrics}`,
      'rules[1].comparator: Invalid option: expected one of "gt"|"gte"|"lt"|"lte"',
      'rules[1].threshold: Invalid input: expected number, received undefined',
      'rules[1].severity: Invalid option: expected one of "critical"|"warning"|"info"',
    ]);
  });
});
