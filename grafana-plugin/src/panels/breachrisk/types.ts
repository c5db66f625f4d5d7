export interface BreachRiskOptions {
  /** Link template for the ticket id, e.g. `https://desk.example.com/tickets/${ticket_id}`; empty = no link. */
  ticketUrl: string;
  /** Clocks with less time left than this (minutes) show as "soon"; 0 turns the level off. */
  soonMinutes: number;
  /** The line counting open, breached, at-warning and paused clocks. */
  showSummary: boolean;
}

export const defaultBreachRiskOptions: BreachRiskOptions = {
  ticketUrl: '',
  soonMinutes: 60,
  showSummary: true,
};
