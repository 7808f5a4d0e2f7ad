/** Public API for user-written classes (`class: ./my-module.js#MyClass`) and embedding. */
export { Event, nextTraceId, nowSeconds } from './core/Event.js';
export { EVENT_CATALOG } from './core/EventCatalog.js';
export { EventBus } from './core/EventBus.js';
export { EventFilter } from './core/EventFilter.js';
export { Expression, evaluateExpression } from './core/Expression.js';
export { renderTemplate, renderConfig } from './core/Macros.js';
export { Component } from './core/Component.js';
export { Policy } from './classes/policy/Policy.js';
export { Channel } from './classes/channel/Channel.js';
export { Observer } from './classes/observer/Observer.js';
export { Tracker } from './classes/tracker/Tracker.js';
export { Task } from './classes/tasks/Task.js';
export { Reporter } from './classes/reporter/Reporter.js';
export { main } from './core/cli.js';
