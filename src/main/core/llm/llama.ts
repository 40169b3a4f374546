/**
 * Local models through node-llama-cpp, which only the llama-*.ts and gguf-header.ts files import:
 * chat models, embedders, the shared runtime, and GGUF headers. Everything else talks to the
 * ChatModel / Embedder seams and imports from here.
 */
export { configureLlama, disposeLlama, type LlamaRuntimeOptions } from './llama-runtime';
export { LocalChatModel, loadModel, type LoadModelOptions } from './llama-chat';
export { LocalEmbedder, loadEmbedder, type LoadEmbedderOptions } from './llama-embedder';
export { estimateResources, readGgufHeader, type GgufHeader, type ResourceEstimate } from './gguf-header';
