/** The part of jstat the project uses (the package ships no types). */
declare module 'jstat' {
  export const jStat: {
    studentt: {
      /** The quantile of Student's t with `dof` degrees of freedom at probability `p`. */
      inv(p: number, dof: number): number;
    };
    normal: {
      inv(p: number, mean: number, std: number): number;
    };
  };
}
