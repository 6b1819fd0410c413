import { IsInt, IsOptional, IsString } from 'class-validator';
import { inputCheck } from './input-schema';

class GreetInput {
  @IsString() name!: string;
  @IsOptional() @IsInt() times?: number;
}

describe(inputCheck.name, () => {
  const sut = inputCheck(GreetInput);

  it('finds nothing wrong with an input the schema accepts', () => {
    expect(sut({ name: 'Ada' })).toEqual([]);
    expect(sut({ name: 'Ada', times: 2 })).toEqual([]);
  });

  it('names every field it refuses as input.<field>: unknown ones first, then wrong values', () => {
    expect(sut({ name: 7, localFiles: 'any', progress: {} })).toEqual([
      'input.localFiles is not an allowed field',
      'input.progress is not an allowed field',
      'input.name must be a string',
    ]);
  });

  it('coerces nothing: a number given as a string is refused', () => {
    expect(sut({ name: 'Ada', times: '2' })).toEqual(['input.times must be an integer number']);
  });

  it('leaves the input itself as it was given', () => {
    const input = { name: 'Ada', extra: true };
    sut(input);
    expect(input).toEqual({ name: 'Ada', extra: true });
  });
});
