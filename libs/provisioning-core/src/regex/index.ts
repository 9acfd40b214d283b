export { translateDotNetRegex, type DotNetRegex, type DotNetRegexOptions, type RegexTranslation } from './dotnet-regex';
export { expandReplacement, groupSpan, groupValue } from './substitution';
