/**
 * Discord's documented limits on what a bot sends, in one place, each with where Discord says so.
 * Docs: discord/discord-api-docs (public pages under https://discord.com/developers/docs/...).
 * The OpenAPI description (../shared/discord/openapi.json, discord/discord-api-spec) carries the same
 * numbers as maxLength/maxItems; test/contract checks every recorded body against it as well.
 */
const docs = "https://discord.com/developers/docs";

export const discordLimits = {
  /** "content: Message contents (up to 2000 characters)". */
  content: { max: 2000, source: `${docs}/resources/message#create-message` },
  /** "embeds: Up to 10 rich embeds (up to 6000 characters)". */
  embeds: { max: 10, source: `${docs}/resources/message#create-message` },
  embedTitle: { max: 256, source: `${docs}/resources/message#embed-object-embed-limits` },
  embedDescription: { max: 4096, source: `${docs}/resources/message#embed-object-embed-limits` },
  embedFields: { max: 25, source: `${docs}/resources/message#embed-object-embed-limits` },
  embedFieldName: { max: 256, source: `${docs}/resources/message#embed-object-embed-limits` },
  embedFieldValue: { max: 1024, source: `${docs}/resources/message#embed-object-embed-limits` },
  embedFooterText: { max: 2048, source: `${docs}/resources/message#embed-object-embed-limits` },
  embedAuthorName: { max: 256, source: `${docs}/resources/message#embed-object-embed-limits` },
  /** "…across all embeds attached to a message must not exceed 6000 characters". */
  embedTotal: { max: 6000, source: `${docs}/resources/message#embed-object-embed-limits` },
  /** Legacy (non-V2) messages: "up to 5 action rows". */
  actionRows: { max: 5, source: `${docs}/components/reference#action-row` },
  /** "An Action Row … can contain up to 5 buttons". */
  buttonsPerRow: { max: 5, source: `${docs}/components/reference#action-row` },
  /** IS_COMPONENTS_V2: "up to 40 total components". */
  componentsV2Total: { max: 40, source: `${docs}/components/reference#component-reference` },
  /** "custom_id … 1-100 characters", "must be unique per component". */
  customId: { min: 1, max: 100, source: `${docs}/components/reference#anatomy-of-a-component-custom-id` },
  /** Button structure: label "max 80 characters", url "max 512 characters". */
  buttonLabel: { max: 80, source: `${docs}/components/reference#button-button-structure` },
  buttonUrl: { max: 512, source: `${docs}/components/reference#button-button-structure` },
  /** Allowed mentions: users and roles "max size of 100"; parse with users/roles is mutually exclusive. */
  allowedMentionIds: { max: 100, source: `${docs}/resources/message#allowed-mentions-object` },
  /** "nonce: … (up to 25 characters)"; enforce_nonce: "checked for uniqueness in the past few minutes". */
  nonce: { max: 25, source: `${docs}/resources/message#create-message` },
  /** "attachments: Attachment objects with filename and description"; max 10 files per message. */
  attachments: { max: 10, source: `${docs}/reference#uploading-files` },
  attachmentDescription: { max: 1024, source: `${docs}/resources/message#attachment-object` },
  /** Autocomplete: "choices: autocomplete choices (max of 25 choices)". */
  autocompleteChoices: {
    max: 25,
    source: `${docs}/interactions/receiving-and-responding#interaction-response-object-autocomplete`,
  },
  /** Option choice: name "1-100 character", string value "up to 100 characters". */
  choiceName: {
    min: 1,
    max: 100,
    source: `${docs}/interactions/application-commands#application-command-object-application-command-option-choice-structure`,
  },
  choiceValue: {
    max: 100,
    source: `${docs}/interactions/application-commands#application-command-object-application-command-option-choice-structure`,
  },
  /** Modal: title "max 45 characters", custom_id "max 100", "between 1 and 5" components. */
  modalTitle: {
    min: 1,
    max: 45,
    source: `${docs}/interactions/receiving-and-responding#interaction-response-object-modal`,
  },
  modalComponents: {
    min: 1,
    max: 5,
    source: `${docs}/interactions/receiving-and-responding#interaction-response-object-modal`,
  },
} as const;

/**
 * Flags a bot may set. Create Message: "only SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_VOICE_MESSAGE,
 * and IS_COMPONENTS_V2 can be set" (resources/message#create-message); interaction responses and
 * follow-ups may also set EPHEMERAL (interactions/receiving-and-responding#interaction-response-object-messages).
 */
export const messageFlags = {
  suppressEmbeds: 1 << 2,
  ephemeral: 1 << 6,
  suppressNotifications: 1 << 12,
  isVoiceMessage: 1 << 13,
  isComponentsV2: 1 << 15,
  source: `${docs}/resources/message#message-object-message-flags`,
} as const;

export const channelMessageFlags =
  messageFlags.suppressEmbeds |
  messageFlags.suppressNotifications |
  messageFlags.isVoiceMessage |
  messageFlags.isComponentsV2;
export const interactionMessageFlags = channelMessageFlags | messageFlags.ephemeral;

/**
 * Permission bits (topics/permissions#permissions-bitwise-permission-flags) and what a route needs:
 * Create Message needs SEND_MESSAGES (and VIEW_CHANNEL), ATTACH_FILES with files, EMBED_LINKS for
 * embeds to show, READ_MESSAGE_HISTORY for a reply (resources/message#create-message).
 */
export const permissionBits = {
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  attachFiles: 1n << 15n,
  readMessageHistory: 1n << 16n,
  source: `${docs}/topics/permissions#permissions-bitwise-permission-flags`,
} as const;

/**
 * How Discord answers a body it refuses: 400 with code 50035 and an `errors` tree that mirrors the
 * body, leaves holding `_errors: [{code, message}]` (reference#error-messages).
 */
export const errorShapeSource = `${docs}/reference#error-messages`;
