import type { TrainingFocus } from './example.types';

/** What examples of one focus are about, and the tools every one of them needs. */
export interface FocusTemplate {
  readonly scenarios: readonly string[];
  readonly requiredTools: readonly string[];
}

export const FOCUS_TEMPLATES: Readonly<Record<TrainingFocus, FocusTemplate>> = {
  content_analysis: {
    scenarios: [
      'Summarise the arguments of a long YouTube video essay on housing policy',
      'Map the themes and tone of a political podcast clip posted as a video',
      'Separate opinion from factual claims in a social media post thread about a product recall',
      'Identify the rhetorical devices in a livestream debate segment on Twitch',
      'Assess whether a viral video misrepresents the study it cites (possible misinformation)',
    ],
    requiredTools: ['pipeline', 'fact_check', 'fallacy', 'vector'],
  },
  fact_checking: {
    scenarios: [
      'Verify the statistics quoted in a YouTube video about crime rates',
      'Check a social media post claiming a new law takes effect next week',
      'Trace the origin of a quote attributed to a scientist in a viral video',
      'Verify claims made live on a Twitch stream about an election result',
      'Debunk or confirm a widely shared misinformation post about vaccines',
    ],
    requiredTools: ['fact_check', 'context_verification', 'vector', 'claim_extractor'],
  },
  cross_platform_monitoring: {
    scenarios: [
      'Follow how a claim from a YouTube video spreads to social media posts',
      'Track the reaction to a Twitch stream announcement across platforms',
      'Detect coordinated reposting of the same social media post by new accounts',
      'Monitor sentiment about a creator after a controversial video',
      'Spot an emerging misinformation narrative across several platforms',
    ],
    requiredTools: ['multi_platform_monitor', 'social_media_monitor', 'x_monitor', 'sentiment'],
  },
  character_profiling: {
    scenarios: [
      "Profile a commentator's stated positions across a year of YouTube videos",
      'Compare what a streamer says on Twitch with their social media posts',
      'Check whether a public figure has changed their position on a topic over time',
      'Assess the consistency of a guest across several podcast video appearances',
      'Evaluate how often a creator has repeated misinformation and corrected it',
    ],
    requiredTools: ['character_profile', 'truth_scoring', 'timeline', 'sentiment'],
  },
};

/** Tools added for advanced and expert examples. */
export const ADVANCED_TOOLS = ['context_verification', 'steelman', 'perspective_synthesizer', 'timeline', 'debate'];

/** Every tool the crew's agents may be trained on; examples name no other. */
export const AVAILABLE_TOOLS: readonly string[] = [
  ...new Set([
    ...Object.values(FOCUS_TEMPLATES).flatMap((t) => t.requiredTools),
    ...ADVANCED_TOOLS,
    'youtube',
    'transcript_index',
    'twitch_download',
    'audio_transcription',
    'memory_storage',
    'trustworthiness_tracker',
    'multi_platform_download',
  ]),
];

/** Mistakes examples warn against: any example draws from the generic ones, advanced and expert also from the rest. */
export const GENERIC_ANTI_PATTERNS = [
  'Stating a conclusion before any tool has returned evidence',
  'Treating a single source as confirmation',
  'Dropping caveats to make the answer sound certain',
  'Calling every available tool regardless of the question',
  'Repeating a claim from the content as if it were verified',
];
export const ADVANCED_ANTI_PATTERNS = [
  'Ignoring the strongest counter-argument',
  'Mixing what the timeline shows with what the speaker implies',
];

/** The reasoning steps of each style; advanced and expert add the deep steps, misinformation scenarios the last three. */
export const REASONING_STEPS = {
  verification: [
    'List the checkable claims',
    'Separate facts from opinions',
    'Find the original source of each claim',
    'Compare with at least two independent sources',
    'Weigh the credibility of each source',
    'Assign a verdict with a confidence',
    'State what could not be verified',
  ],
  investigative: [
    'Collect the statements to compare',
    'Order them on a timeline',
    'Note changes of position',
    'Look for explanations the person gave',
    'Separate behaviour from reputation',
    'Check consistency across platforms',
    'Summarise the pattern with evidence',
  ],
  defensive: [
    'Restate the argument at its strongest',
    'Identify its supporting evidence',
    'Anticipate the main counter-arguments',
    'Check each counter-argument against evidence',
    'Rank the evidence by strength',
    'Note where the argument is weakest',
    'Give a balanced conclusion',
  ],
  analytical: [
    'Read the content in full',
    'Identify the main themes',
    'Extract the key claims',
    'Assess tone and framing',
    'Check the claims that matter most',
    'Relate the findings to earlier content',
    'Write a structured summary',
  ],
  deep: [
    'Consider alternative interpretations',
    'Look for missing context',
    'Estimate the impact if the claim is wrong',
    'Record open questions for follow-up',
  ],
  misinformation: [
    'Check whether the claim was already debunked',
    'Identify who benefits from the claim spreading',
    'Explain the correction in plain words',
  ],
} as const;
