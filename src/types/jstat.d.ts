/** The part of jstat this project uses (the package ships no types). */
declare module 'jstat' {
  export const jStat: {
    studentt: { inv(p: number, degreesOfFreedom: number): number };
  };
}
