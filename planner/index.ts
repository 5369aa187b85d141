/**
 * The planner (DESIGN.md "LLM use"): description → validated workflow + preview, clarifying
 * questions or a refusal; edits by instruction with a diff. The model's answers go through the
 * `graph/` schema, validator and the tenant policy; problems go back to the model for at most two
 * repairs, then `PlanFailedError` names what stayed wrong.
 */
export {
  ANSWER_KINDS,
  ANSWER_WIRE,
  answerSchemaFor,
  decodeAnswer,
  PlannerAnswer,
  QUESTION_TOPICS,
  Question,
  variantFor,
} from './answer.js';
export { languageCatalogue } from './catalogue.js';
export { KnownPerson, PlanningContext, type PlanningContextInput } from './context.js';
export { PlanFailedError, PlannerError, PlanningContextError } from './errors.js';
export {
  createPlanner,
  type EditResult,
  type Planner,
  type PlannerOptions,
  type PlanResult,
  type QuestionsPlan,
  type RefusalPlan,
  type WorkflowPlan,
} from './planner.js';
export { checkPolicy, hostOf, isHostAllowed, type PolicyInput } from './policy.js';
export { PLANNER_PROBLEM_CODES, type PlannerProblemCode, type PlanProblem } from './problems.js';
export { PLANNER_PROMPTS, staticSystemText, systemParts } from './prompting.js';
export { keywordsOf, loadTemplateLibrary, selectTemplates } from './templates.js';
export type { Attempt } from './turn.js';
