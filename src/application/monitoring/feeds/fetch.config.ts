import { IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

const HTTP_URL = /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;

/** How monitoring fetches feeds; every duration in ms. Nested in the monitoring section. */
export class MonitoringFetchConfig {
  /** Largest feed accepted, both as received and decompressed. Default 5242880 (5 MiB). */
  @IsInt({ message: 'maxBytes must be an integer' })
  @Min(1024, { message: 'maxBytes must be at least 1024' })
  @Max(104_857_600, { message: 'maxBytes must be at most 104857600 (100 MiB)' })
  maxBytes = 5_242_880;
  /** One fetch, redirects included, connect to last byte. Default 15000. */
  @IsInt({ message: 'timeoutMs must be an integer' })
  @Min(100, { message: 'timeoutMs must be at least 100' })
  @Max(600_000, { message: 'timeoutMs must be at most 600000' })
  timeoutMs = 15_000;
  /** Redirects followed, each re-checked by the address guard. Default 4. */
  @IsInt({ message: 'maxRedirects must be an integer' })
  @Min(0, { message: 'maxRedirects must be at least 0' })
  @Max(10, { message: 'maxRedirects must be at most 10' })
  maxRedirects = 4;
  /** Sent with every fetch. Default `crew-orchestrator/0.1 (+feed monitoring)`. */
  @IsString({ message: 'userAgent must be a string' })
  @MinLength(1, { message: 'userAgent must not be empty' })
  @MaxLength(256, { message: 'userAgent must be at most 256 characters' })
  userAgent = 'crew-orchestrator/0.1 (+feed monitoring)';
  /** Where YouTube channel feeds are read. Default `https://www.youtube.com`. */
  @Matches(HTTP_URL, { message: 'youtubeBaseUrl must be an http(s) URL without query or fragment' })
  youtubeBaseUrl = 'https://www.youtube.com';
  /** Where Reddit feeds are read. Default `https://www.reddit.com`. */
  @Matches(HTTP_URL, { message: 'redditBaseUrl must be an http(s) URL without query or fragment' })
  redditBaseUrl = 'https://www.reddit.com';
  /** A host's first pause after a 5xx or network failure, doubled per failure in a row. Default 30000. */
  @IsInt({ message: 'backoffBaseMs must be an integer' })
  @Min(100, { message: 'backoffBaseMs must be at least 100' })
  @Max(3_600_000, { message: 'backoffBaseMs must be at most 3600000' })
  backoffBaseMs = 30_000;
  /** The longest such pause (a Retry-After may ask for more). Default 3600000 (1 h). */
  @IsInt({ message: 'backoffMaxMs must be an integer' })
  @Min(1000, { message: 'backoffMaxMs must be at least 1000' })
  @Max(86_400_000, { message: 'backoffMaxMs must be at most 86400000 (24 h)' })
  backoffMaxMs = 3_600_000;
}
