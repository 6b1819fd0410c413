import { ValidateBy, type ValidationArguments } from 'class-validator';

/**
 * A class-validator rule made of one function that names what is wrong with a value, or `undefined` when nothing
 * is: the same function decides and explains, so the message (`<property>: <problem>`) cannot drift from the check.
 * `owner` is the object being validated, for rules across its fields.
 *
 * @example
 * @HasNoProblem('costsFitBursts', (costs, owner: RateLimitConfig) => badCosts(costs, owner))
 * costs: RouteCostConfig[] = [];
 */
export function HasNoProblem<T extends object>(
  name: string,
  problem: (value: unknown, owner: T) => string | undefined,
): PropertyDecorator {
  return ValidateBy({
    name,
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => problem(value, args?.object as T) === undefined,
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property ?? 'value'}: ${problem(args?.value, args?.object as T)}`,
    },
  });
}
