import { warmUpAnalysis } from './warm-up';

describe(warmUpAnalysis.name, () => {
  it('runs every analysis on its sample without throwing, as often as it is called', () => {
    expect(() => {
      warmUpAnalysis();
      warmUpAnalysis();
    }).not.toThrow();
  });
});
