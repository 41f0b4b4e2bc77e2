import type { PlayerState } from '@poker/domain';
import { check, checkEqual, type Scenario } from './scenario';
import { commands, correlationFor, freshIds, registerPlayers, setUp } from './poker-setup';

/**
 * Dave is suspended when he asks for a seat: his player aggregate refuses the reservation
 * (`player_suspended`). That is not a money problem the table can settle, so its `@Rejected`
 * handler delegates to the framework: dead letter for review and an escalation to the floor.
 */
export const reservationDelegated: Scenario = {
  name: 'reservation-delegated',
  title: 'A reservation refused for a suspended player goes to a person',
  expected: 'revocation delegated to the framework: a dead letter and an escalation; bankroll kept',
  async play(room) {
    const { dave, table } = freshIds();
    const correlationId = correlationFor('reservation-delegated');
    await registerPlayers(room, [[dave, 600]]);
    await setUp(room, 'player', dave, commands.suspend('chargeback review'));
    await setUp(room, 'table', table, commands.openTable());

    const outcome = await room.send(
      'table',
      table,
      commands.requestSeat(dave, 2, 300),
      correlationId,
    );
    await room.settle();
    // Escalations are delivered off the command path, from a queue: wait for the record of it.
    await room.waitUntil(
      async () =>
        (await room.timeline(correlationId)).some(
          (e) => e.kind === 'escalation.delivered' || e.kind === 'escalation.failed',
        ),
      'the escalation to be delivered',
    );

    const timeline = await room.timeline(correlationId);
    const delegated = timeline.find((e) => e.kind === 'revocation.delegated');
    const player = await room.state<PlayerState>('player', dave);
    const alerts = room.alerts(correlationId);
    return {
      correlationId,
      notes: alerts.map(
        (a) =>
          `floor manager alerted by ${a.source}: ${a.reason} (delivery ${a.deliveryId.slice(0, 8)})`,
      ),
      checks: [
        checkEqual('the table takes the seat request', outcome.result.case, 'accepted'),
        check(
          'the reservation is rejected: player_suspended',
          timeline.some((e) => e.kind === 'command.rejected' && e.reason === 'player_suspended'),
        ),
        checkEqual('the table delegates to the framework', delegated?.domain, 'table'),
        checkEqual('with a dead letter and an escalation', delegated?.details, {
          ...delegated?.details,
          sendToDeadLetter: true,
          escalate: true,
        }),
        check(
          'the framework dead-letters the rejection for review',
          timeline.some((e) => e.kind === 'dead-letter.sent' && e.reason === 'player_suspended'),
        ),
        check(
          'the floor manager receives one signed escalation',
          alerts.length === 1 && alerts[0]?.rejectionReason === 'player_suspended',
          JSON.stringify(alerts),
        ),
        check(
          'the delivery is on the timeline',
          timeline.some((e) => e.kind === 'escalation.delivered'),
          timeline.map((e) => e.kind).join(', '),
        ),
        checkEqual('Dave’s bankroll is untouched', player.bankroll, 600),
      ],
    };
  },
};
