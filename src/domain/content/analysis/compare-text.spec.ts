import { compareText } from './compare-text';

describe(compareText.name, () => {
  it('orders by code units, capitals before lower case', () => {
    expect(['pear', 'Apple', 'apple', 'äpfel', 'pear'].sort(compareText)).toEqual([
      'Apple',
      'apple',
      'pear',
      'pear',
      'äpfel',
    ]);
  });
});
