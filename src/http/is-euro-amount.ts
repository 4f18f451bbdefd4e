import { registerDecorator, type ValidationOptions } from 'class-validator';
import { eurosToCents } from '../kernel/money';

/** Euros as JSON number or string with at most two decimals ("147.92", 147.92); never 1.505, "1,50" or 1e3. */
export function IsEuroAmount(options: { positive?: boolean } & ValidationOptions = {}) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isEuroAmount',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an amount in euros with at most two decimals${options.positive ? ', greater than zero' : ''}, e.g. 147.92`, ...options },
      validator: {
        validate(value: unknown) {
          try {
            const cents = eurosToCents(value, propertyName);
            return options.positive ? cents > 0 : true;
          } catch {
            return false;
          }
        },
      },
    });
}
