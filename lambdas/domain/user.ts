export interface User {
  readonly userId: string;
  readonly name: string;
}

export const userNameLimits = { min: 1, max: 50 } as const;
