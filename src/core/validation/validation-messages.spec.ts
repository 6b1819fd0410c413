import { IsIn, IsOptional } from 'class-validator';
import { validateInput } from './validate-input';

class Query {
  @IsOptional() @IsIn(['md', 'html']) format?: string;
}

describe('validationMessages', () => {
  it('names an empty field name as "" rather than calling the whole value malformed', () => {
    expect(validateInput(Query, { '': 'x' }, 'query')).toEqual({
      ok: false,
      problems: ['query."" is not an allowed field'],
    });
  });

  it('names the field and the rule it broke', () => {
    expect(validateInput(Query, { format: 'pdf', size: 1 }, 'query')).toEqual({
      ok: false,
      problems: ['query.size is not an allowed field', 'query.format must be one of the following values: md, html'],
    });
  });
});
