export const OUTPUT: string;
export function generateConfigValidators(): Promise<string>;
