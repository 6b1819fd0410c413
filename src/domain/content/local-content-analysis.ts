import type { Claim, Fallacy, ParsedText, Perspective, Sentiment, TextAnalysis } from './analysis/analysis.types';
import { analyzeSentiment, analyzeText, cachedParse, detectFallacies, extractClaims, summarize } from './analysis';
import type { ContentAnalysisPort, Depth } from './content.ports';
import type { AcquiredContent } from './content.types';
import { digestContent } from './digest/digest';
import type { ContentDigest } from './digest/digest.types';
import type { FactChecker } from './fact-check/fact-checker';
import type { FactCheckRequest, FactCheckResult } from './fact-check/fact-check.types';

/**
 * The offline analyses (wink-nlp's English model and the functions of `analysis/`) behind the analysis port. A
 * run calls several analyses on the same transcript one after the other; they share one parse of it
 * ({@link cachedParse}). Each call yields to the event loop first, so a long run does not starve other requests
 * between its stages.
 */
export class LocalContentAnalysis implements ContentAnalysisPort {
  constructor(private readonly checker: FactChecker) {}

  async text(transcript: string): Promise<TextAnalysis> {
    return analyzeText(await this.parsed(transcript));
  }

  async sentiment(transcript: string): Promise<Sentiment> {
    return analyzeSentiment(await this.parsed(transcript));
  }

  async claims(transcript: string, max: number): Promise<Claim[]> {
    return extractClaims(await this.parsed(transcript), { max });
  }

  factCheck(request: FactCheckRequest): Promise<FactCheckResult[]> {
    return this.checker.check(request);
  }

  async fallacies(transcript: string): Promise<Fallacy[]> {
    return detectFallacies(await this.parsed(transcript));
  }

  async summary(transcript: string, sentences?: number): Promise<Perspective> {
    return summarize(await this.parsed(transcript), { sentences });
  }

  async digest(content: AcquiredContent, depth: Depth): Promise<ContentDigest> {
    await new Promise((resolve) => setImmediate(resolve));
    return digestContent(content, depth);
  }

  private async parsed(text: string): Promise<ParsedText> {
    await new Promise((resolve) => setImmediate(resolve));
    return cachedParse(text);
  }
}
