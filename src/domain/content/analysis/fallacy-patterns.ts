import type { FallacyType } from './analysis.types';
import { anyOf } from './cue-pattern';

/** How one fallacy is recognised and described. */
export interface FallacyPattern {
  readonly label: string;
  readonly explanation: string;
  /** Case-insensitive cue phrases (see `anyOf`), with word boundaries; the first match in a sentence is reported. */
  readonly cue: RegExp;
}

// Apostrophes are written ['’] to take both forms. Subject + to be, with or without contraction: "you're", "you are", "he's", "she is", "they're"…
const SUBJECT_IS = /(?:you(?:['’]re| are)|he(?:['’]s| is)|she(?:['’]s| is)|they(?:['’]re| are))/.source;
const INSULT = /(?:idiot|moron|liar|fool|clown|hypocrite|loser|crook|amateur|joke)s?/.source;
const KIN = /(?:friend|neighbou?r|cousin|uncle|aunt|grandfather|grandmother|brother|sister|colleague|coworker)/.source;

/**
 * Cue phrases for sixteen fallacies. A cue is evidence that the fallacy may be at work, not proof: the patterns
 * favour precision (whole stock phrases, a narrow word list) over catching every paraphrase.
 */
export const FALLACY_PATTERNS: Readonly<Record<FallacyType, FallacyPattern>> = {
  ad_hominem: {
    label: 'Ad hominem',
    explanation: 'Attacks the person making the argument instead of the argument itself.',
    cue: anyOf(
      new RegExp(`\\b${SUBJECT_IS} (?:just |such )?(?:an? )?(?:complete |total )?${INSULT}\\b`),
      /\bwhat (?:would|does|do) (?:an? )?[\w-]+(?: [\w-]+)? know about\b/,
      /\bcoming from (?:someone|somebody|a (?:man|woman|person|guy)) who\b/,
      /\bdon['’]t listen to (?:him|her|them),? (?:he|she|they)\b/,
    ),
  },
  straw_man: {
    label: 'Straw man',
    explanation: "Restates the other side's position in a distorted form that is easier to attack.",
    cue: anyOf(
      new RegExp(`\\bso (?:what )?${SUBJECT_IS} (?:really |basically |actually )?saying\\b`),
      /\bin other words,? (?:you|he|she|they) (?:want|think|believe|don['’]t care)\b/,
      /\b(?:my opponents?|the other side|critics) (?:basically |simply |just |really )?wants? to (?:destroy|ban|abolish|get rid of|take away)\b/,
    ),
  },
  slippery_slope: {
    label: 'Slippery slope',
    explanation: 'Claims that one step will inevitably set off a chain of ever worse consequences.',
    cue: anyOf(
      /\bbefore (?:you|we) know it\b/,
      /\bnext thing (?:you|we) know\b/,
      /\bwhere (?:does|will|would) it (?:end|stop)\b/,
      /\b(?:only|just) a matter of time (?:before|until)\b/,
      /\bopen(?:s|ing)? the floodgates\b/,
      /\b(?:will|would) (?:inevitably|eventually|ultimately) lead to\b/,
    ),
  },
  false_dilemma: {
    label: 'False dilemma',
    explanation: 'Presents two options as the only possibilities when others exist.',
    cue: anyOf(
      /\b(?:either )?you(?:['’]re| are) (?:either )?with us or (?:you(?:['’]re| are) )?against us\b/,
      /\bif you(?:['’]re| are) not (?:with|for) us\b/,
      /\bthere (?:is|are) only two (?:options|choices|ways|possibilities|kinds of people)\b/,
      /\bthe only (?:alternative|other option) is\b/,
      /\beither (?:we|you) (?:[\w'’]+ ){1,8}?or (?:we|you)(?: will)? (?:lose|fail|die|perish|suffer)\b/,
    ),
  },
  appeal_to_authority: {
    label: 'Appeal to authority',
    explanation: "Treats someone's status as proof instead of the evidence behind the claim.",
    cue: anyOf(
      /\btrust me,? I['’]?m an? (?:doctor|expert|scientist|professional|lawyer|engineer)\b/,
      /\b(?:a|the) (?:famous|renowned|leading|respected|top|well-known|celebrity) [\w-]+ (?:says|said|believes|thinks|agrees|endorses)\b/,
      /\b(?:all )?experts (?:all )?agree\b/,
      /\b(?:true|right|correct|safe) because (?:a|an|the|my|our) (?:[\w-]+ )?(?:doctor|expert|scientist|professor|celebrity|teacher|authority)s? (?:said|says|told)\b/,
    ),
  },
  appeal_to_popularity: {
    label: 'Appeal to popularity (bandwagon)',
    explanation: 'Argues that something is true or good because many people believe or do it.',
    cue: anyOf(
      /\b(?:everyone|everybody) (?:knows|agrees|believes|thinks|is doing|uses|does it|is buying|is switching)\b/,
      /\b(?:millions|thousands|billions) of (?:people|users|fans|customers|voters) (?:can['’]t|cannot|could not|couldn['’]t) be wrong\b/,
      /\bmost people (?:agree|believe|think|know)\b/,
      /\bjoin the (?:millions|thousands|crowd|majority|movement)\b/,
    ),
  },
  hasty_generalization: {
    label: 'Hasty generalization',
    explanation: 'Draws a sweeping conclusion from too few or unrepresentative cases.',
    cue: anyOf(
      /\b(?:all|every single) [a-z]+s (?:are|always|never) (?:all )?(?:the same|lazy|liars?|corrupt|dishonest|stupid|greedy|useless|rude|selfish|violent)\b/,
      /\bI (?:met|know|knew|saw) (?:one|a|an|two|a couple of) [\w'’-]+(?: [\w'’-]+){0,8}?,? so (?:all|every|they|everyone|most)\b/,
      /\b(?:they(?:['’]re| are)|those people are|these people are) all (?:the same|alike)\b/,
      new RegExp(
        `\\b(?:my|one) ${KIN} [\\w'’-]+(?: [\\w'’-]+){0,10}?,? so (?:it|this|that|they) (?:must|can['’]t|cannot|is|are)\\b`,
      ),
    ),
  },
  appeal_to_emotion: {
    label: 'Appeal to emotion (fear)',
    explanation: 'Uses fear or pity in place of evidence to win agreement.',
    cue: anyOf(
      /\bthink (?:of|about) the children\b/,
      /\b(?:you|your (?:family|children|kids|loved ones)) (?:will|could|might) (?:be next|die|suffer|lose everything)\b/,
      /\bdo you (?:really )?want your (?:children|kids|family|loved ones) to\b/,
      /\bimagine (?:how|what) (?:you|your (?:family|children|kids|loved ones))(?:['’]d| would| will) feel\b/,
    ),
  },
  circular_reasoning: {
    label: 'Circular reasoning',
    explanation: 'Offers the conclusion itself as the reason for believing it.',
    cue: anyOf(
      /\b(?:true|right|correct|reliable|trustworthy|honest) because (?:it|he|she|they|the [\w-]+(?: [\w-]+)?) (?:says|said|say) so\b/,
      /\bbecause I said so\b/,
      /\b(?:is|are) (?<quality>true|right|wrong|good|bad|the best) because (?:it|they|he|she)(?:['’]s|['’]re| is| are) \k<quality>\b/,
    ),
  },
  red_herring: {
    label: 'Red herring',
    explanation: 'Shifts attention to a different issue instead of answering the one raised.',
    cue: anyOf(
      /\b(?:but|and) what about (?:the|all|our|those|these)\b/,
      /\bthe real (?:issue|question|problem|scandal|story) (?:here )?is\b/,
      /\bwhy (?:aren['’]t|isn['’]t|is no one|are we not) (?:we |anyone |you |they |the media )?(?:even )?talking about\b/,
      /\blet['’]?s (?:talk about|focus on) something (?:else|more important)\b/,
    ),
  },
  tu_quoque: {
    label: 'Tu quoque',
    explanation: 'Dismisses a criticism by pointing out that the critic does the same.',
    cue: anyOf(
      /\blook who['’]?s talking\b/,
      /\byou(?:['’]re| are) (?:one|a fine one|the last person) to (?:talk|lecture|judge|critici[sz]e)\b/,
      /\bpractice what you preach\b/,
      /\byou (?:do|did|have done) (?:it|the same(?: thing)?|that) (?:too|yourself|as well)\b/,
      /\bwho are you to (?:judge|talk|lecture|critici[sz]e)\b/,
      /\bwhat about you\b/,
    ),
  },
  appeal_to_tradition: {
    label: 'Appeal to tradition',
    explanation: 'Argues that something is right because it has long been done that way.',
    cue: anyOf(
      /\b(?:we|they|it|people)(?:['’]ve|['’]s| have| has)? always (?:been )?(?:done|did) (?:it |things )?(?:this|that|the same) way\b/,
      /\b(?:that|this)(?:['’]s| is) (?:just )?(?:how|the way) (?:it|things|we)(?:['’]s|['’]ve| has| have| is)? always (?:been|worked)\b/,
      /\b(?:time-honou?red|age-old|centuries-old) (?:tradition|custom|practice)\b/,
      /\bour (?:ancestors|grandparents|forefathers) (?:did|knew|never|always)\b/,
      /\bfor (?:centuries|generations|thousands of years),? (?:people|we|they) have\b/,
    ),
  },
  post_hoc: {
    label: 'Post hoc (false cause)',
    explanation: 'Assumes that because one event followed another, the first caused the second.',
    cue: anyOf(
      /\bever since (?:[\w'’-]+ ){1,6}?(?:started|began|got|took|arrived|introduced|changed|installed|moved|switched|elected|bought)\b/,
      /\b(?:right|just|shortly|soon|the day|the week) after\b[^.;!?]{1,100}?\b(?:so|therefore|which (?:proves|means|shows)|that (?:proves|means|shows))\b/,
    ),
  },
  appeal_to_nature: {
    label: 'Appeal to nature',
    explanation: 'Treats "natural" as proof of good or safe, and "unnatural" as proof of bad.',
    cue: anyOf(
      /\bnatural,? (?:so|therefore|which means|and therefore) (?:it|they)(?:['’]s| is| are| must be| can['’]t be| cannot be) (?:safe|healthy|good|better|harmless)\b/,
      /\b(?:safe|healthy|good|better|harmless) because (?:it|they)(?:['’]s|['’]re| is| are) (?:all-|all |completely |purely )?natural\b/,
      /\b(?:unnatural|against nature),? (?:so|therefore|and therefore|which means)\b/,
      /\bnature knows best\b/,
    ),
  },
  loaded_question: {
    label: 'Loaded question',
    explanation: 'Asks a question that takes an unproven accusation for granted.',
    cue: anyOf(
      /\b(?:have|did) you (?:stopped|stop|quit) [a-z]+ing\b/,
      /\bwhen did you (?:stop|start|quit) [a-z]+ing\b/,
      /\bwhy (?:do|does|did) (?:you|he|she|they) (?:always|still|keep|continue to) (?:lie|lying|cheat|cheating|steal|stealing|hate|hating|hide|hiding|mislead|misleading)\b/,
      /\bhow long have you been (?:lying|cheating|stealing|hiding)\b/,
    ),
  },
  no_true_scotsman: {
    label: 'No true Scotsman',
    explanation: 'Redefines a group after the fact to shut out any counterexample.',
    cue: anyOf(
      /\bno (?:true|real|genuine|self-respecting) [\w-]+(?: [\w-]+)? (?:would|could|will|ever|should|puts|eats|drinks|votes|believes|supports)\b/,
      /\b(?:he|she|they)(?: was|['’]s| is| were|['’]re| are)(?:n['’]t| not) (?:a |an )?(?:true|real|genuine) [\w-]+\b/,
      /\bany (?:true|real|genuine) [\w-]+ (?:would|knows)\b/,
    ),
  },
};
